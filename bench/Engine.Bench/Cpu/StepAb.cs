// A/B of one switch of the fast CPU backend over whole training steps, alternating A and B step by step in one process,
// so both sides see the same machine: on a shared host whose speed drifts by 20% from minute to minute, separate runs
// (even interleaved processes) could not tell a 5% change from noise; neighbouring steps can. Prints each side's
// median and fastest step and the median of the paired ratios B / A (each B step against the A step before it).
// Run: Engine.Bench step-ab [ae24|vae2] [steps per side] [threads] SWITCH
//   ranges     CpuParallel.RangesPerThread 1 (A) vs 4 (B): one range per thread, or ranges a slow thread can leave
//   phase      the convolution chooser's phase split: Auto (A) vs Never (B)
//   chunks     the phase-split backward-data and weight chunks: 2^15 floats (A) vs 2^17 (B)
//   forward-chunk  the phase-split forward's chunk: 2^17 floats (A) vs 2^15 (B)
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Conv;
using Engine.Kernels.Cpu.Fast;

public static class StepAb
{
    private static readonly Dictionary<string, (string A, string B, Action<bool> Set)> Switches = new()
    {
        ["ranges"] = ("1 range per thread", "4 ranges per thread", b => CpuParallel.RangesPerThread = b ? 4 : 1),
        ["chunks"] = ("phase-split data and weight chunks 2^15 floats", "2^17", b => PhaseConv.ChunkFloats = PhaseConvWeight.ChunkFloats = b ? 1 << 17 : 1 << 15),
        ["forward-chunk"] = ("phase-split forward chunk 2^17 floats", "2^15", b => PhaseConvForward.ChunkFloats = b ? 1 << 15 : 1 << 17),
        ["phase"] = ("phase split where chosen", "no phase split", b => ((CpuBackend)Backends.Cpu).PhaseSplit = b ? PhaseSplit.Never : PhaseSplit.Auto),
    };

    public static void Run(string model, int steps, int threads, string name)
    {
        if (!Switches.TryGetValue(name, out var knob))
        {
            throw new ArgumentException($"Unknown switch '{name}'; use one of: {string.Join(", ", Switches.Keys)}.");
        }
        var step = new TrainingStep(model, 64, threads);
        for (int i = 0; i < 20; i++)
        {
            knob.Set(i % 2 == 1);
            step.Step();   // warm up both sides: tiered JIT, the scratch pool
        }
        var a = new double[steps];
        var b = new double[steps];
        for (int i = 0; i < steps; i++)
        {
            a[i] = Time(step, knob.Set, false);
            b[i] = Time(step, knob.Set, true);
        }
        knob.Set(false);
        var ratios = a.Zip(b, (x, y) => y / x).ToArray();
        Console.WriteLine($"STEP-AB {model} threads={threads} steps={steps} per side, switch {name}");
        Console.WriteLine($"  A ({knob.A}): median {Median(a):F2} ms, fastest {a.Min():F2} ms");
        Console.WriteLine($"  B ({knob.B}): median {Median(b):F2} ms, fastest {b.Min():F2} ms");
        Console.WriteLine($"  paired B / A: median {Median(ratios):F3} (quartiles {Quantile(ratios, 0.25):F3} - {Quantile(ratios, 0.75):F3})");
    }

    private static double Time(TrainingStep step, Action<bool> set, bool b)
    {
        set(b);
        long start = Stopwatch.GetTimestamp();
        step.Step();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(double[] values) => Quantile(values, 0.5);

    private static double Quantile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[(int)Math.Round(q * (sorted.Length - 1))];
    }
}
