// Where a training step spends its time, per IBackend primitive, and how well each part uses the second core: wraps
// the backend in a timing proxy, runs the same training steps on 1 thread and on N threads, and prints milliseconds
// per step for each primitive on both with the speed-up and parallel efficiency (speed-up / N). Time outside the
// primitives (autograd bookkeeping, the optimizer loop, allocation) runs on one core. Blocks of steps alternate
// between 1 and N threads; the totals are the fastest block's, each primitive's row its fastest block's.
// Run: Engine.Bench profile [ae24|vae2] [steps] [threads] [batch]   (threads default: Environment.ProcessorCount, batch 64).
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using System.Reflection;
using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Conv;
using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Simd;

public class TimingProxy : DispatchProxy
{
    private IBackend _inner = null!;

    public Dictionary<string, (double Milliseconds, int Calls)> Totals { get; } = new();

    public static (IBackend Backend, TimingProxy Proxy) Wrap(IBackend inner)
    {
        var backend = Create<IBackend, TimingProxy>();
        var proxy = (TimingProxy)(object)backend;
        proxy._inner = inner;
        return (backend, proxy);
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        var watch = Stopwatch.StartNew();
        var result = method!.Invoke(_inner, args);
        string key = method.Name switch
        {
            "Unary" or "UnaryBackward" or "Binary" => $"{method.Name}({args![0]})",
            _ when args!.OfType<ConvGeometry>().FirstOrDefault() is { N: > 0 } g =>
                $"{method.Name} C{g.C} K{g.K} {g.H}x{g.W} k{g.R} s{g.StrideH} {Algorithm(method.Name, g)}",
            _ when method.Name.StartsWith("BatchNorm", StringComparison.Ordinal) && Argument(method, args!, "c") is int c
                && Argument(method, args!, "s") is int s =>
                $"{method.Name} C{c} S{s} {(s >= FastBatchNorm.SmallPlane ? "planes" : "blocks")}",
            _ => method.Name,
        };
        var (ms, calls) = Totals.GetValueOrDefault(key);
        Totals[key] = (ms + watch.Elapsed.TotalMilliseconds, calls + 1);
        return result;
    }

    // The argument of that name (IBackend's batch norms name their shape n, c, s), or null.
    private static object? Argument(MethodInfo method, object?[] args, string name) =>
        Array.FindIndex(method.GetParameters(), p => p.Name == name) is var i and >= 0 ? args[i] : null;

    // The algorithm the fast CPU backend's one chooser picks for this pass and shape (ConvGemm.Choose).
    private string Algorithm(string method, ConvGeometry g)
    {
        if (_inner is not CpuBackend cpu)
        {
            return "";
        }
        var pass = method switch
        {
            "Conv2dForward" => ConvPass.Forward,
            "Conv2dBackwardData" => ConvPass.BackwardData,
            _ => ConvPass.BackwardWeight,
        };
        return ConvGemm.Choose(g, pass, cpu.Simd, cpu.PhaseSplit).ToString();
    }
}

public static class PrimitiveProfile
{
    private const string Outside = "(outside primitives)";
    private const int Blocks = 5;

    public static void Run(string model, int steps, int threads, int batch = 64)
    {
        var (backend, proxy) = TimingProxy.Wrap(Backends.Cpu);
        var step = new TrainingStep(model, batch, threads, backend);
        for (int i = 0; i < 30; i++) step.Step();                   // warm up: tiered JIT reaches optimised code
        // Blocks of steps on 1 and on N threads, alternating; each primitive keeps its fastest block, so a burst of
        // other work on the machine spoils one block, not the comparison.
        Dictionary<string, (double Milliseconds, int Calls)> one = [], many = [];
        double total1 = double.MaxValue, totalN = double.MaxValue;   // the fastest block's whole step
        for (int block = 0; block < Blocks; block++)
        {
            var a = Measure(step, proxy, 1, Math.Max(1, steps / Blocks));
            var b = Measure(step, proxy, threads, Math.Max(1, steps / Blocks));
            total1 = Math.Min(total1, a.Values.Sum(v => v.Milliseconds));
            totalN = Math.Min(totalN, b.Values.Sum(v => v.Milliseconds));
            one = Fastest(one, a);
            many = Fastest(many, b);
        }
        Console.WriteLine($"{SimdWidths.CpuName}; {SimdWidths.Summary()}");
        Console.WriteLine($"{model}, batch {batch}: {total1:F1} ms per step on 1 thread, {totalN:F1} ms on {threads} " +
            $"(speed-up {total1 / totalN:F2}, parallel efficiency {total1 / totalN / threads:P0}); per primitive, ms per step:");
        Console.WriteLine($"  {"primitive (convolutions: the algorithm chosen)",-60} {"calls",5} {"1 thread",9} {threads + " threads",9} {"speed-up",8} {"share",6}");
        foreach (var (name, (ms, calls)) in many.OrderByDescending(t => t.Value.Milliseconds))
        {
            double ms1 = one.GetValueOrDefault(name).Milliseconds;
            Console.WriteLine($"  {name,-60} {calls,5} {ms1,9:F2} {ms,9:F2} {ms1 / ms,8:F2} {ms / totalN,6:P0}");
        }
    }

    // Milliseconds and calls per step of each primitive (and of the time outside them) on `threads` threads.
    private static Dictionary<string, (double Milliseconds, int Calls)> Measure(TrainingStep step, TimingProxy proxy, int threads, int steps)
    {
        ((CpuBackend)Backends.Cpu).Threads = threads;
        step.Step();
        proxy.Totals.Clear();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < steps; i++) step.Step();
        double wall = watch.Elapsed.TotalMilliseconds;
        var perStep = proxy.Totals.ToDictionary(t => t.Key, t => (t.Value.Milliseconds / steps, t.Value.Calls / steps));
        perStep[Outside] = ((wall - proxy.Totals.Values.Sum(v => v.Milliseconds)) / steps, 0);
        return perStep;
    }

    private static Dictionary<string, (double Milliseconds, int Calls)> Fastest(
        Dictionary<string, (double Milliseconds, int Calls)> best, Dictionary<string, (double Milliseconds, int Calls)> block) =>
        block.ToDictionary(t => t.Key,
            t => best.TryGetValue(t.Key, out var b) && b.Milliseconds < t.Value.Milliseconds ? b : t.Value);
}
