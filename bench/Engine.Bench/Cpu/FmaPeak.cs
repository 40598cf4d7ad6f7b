// The machine's FP32 peak: 12 independent vector accumulators, each acc = acc * m + a, on one thread and then on every
// thread at once, so a kernel's GFLOP/s can be read as a fraction of what the cores can do. The width is the widest
// the JIT accelerates (512, 256 or 128 bits; a second argument asks for a narrower one); the multiply-add is fused
// where the CPU has FMA (x86 FMA3 or AVX-512, Arm AdvSimd), else a multiply and an add, two flops per lane either way.
//   Engine.Bench peak [threads = all] [width 512|256|128]
// prints the CPU, then "PEAK width=256 threads=1 gflops=... per-thread=..." and the same for all threads.
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

public static class FmaPeak
{
    private const int Accumulators = 12;   // more than FMA latency x ports (4 x 2) in flight, fewer than the registers
    // The loops branch on this: a static readonly field the JIT reads as a constant (SimdWidths.HasFusedMultiplyAdd is
    // a property, folded too late for a loop of vector locals; see its note).
    private static readonly bool Fused = Fma.IsSupported || Avx512F.IsSupported || AdvSimd.IsSupported;

    public static void Run(int threads, int? width = null)
    {
        int widest = Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128;
        int bits = Math.Min(width ?? widest, widest);
        Console.WriteLine($"CPU {CpuModel()}, {Environment.ProcessorCount} CPUs; widest accelerated vector {widest} bits; " +
            (Fused ? "fused multiply-add" : "no FMA: multiply + add"));
        foreach (int n in threads > 1 ? new[] { 1, threads } : [1])
        {
            double gflops = Measure(bits, n);
            Console.WriteLine($"PEAK width={bits} threads={n} gflops={gflops:F1} per-thread={gflops / n:F1}");
        }
    }

    /// <summary>Best of three runs of about 0.3 s each, all threads released together; GFLOP/s over the wall time.</summary>
    public static double Measure(int bits, int threads)
    {
        long iterations = 1 << 16;
        while (Time(bits, 1, iterations) < 0.05)   // calibrate on one thread
        {
            iterations *= 2;
        }
        iterations = (long)(iterations * 0.3 / Time(bits, 1, iterations));
        double best = double.PositiveInfinity;
        for (int round = 0; round < 3; round++)
        {
            best = Math.Min(best, Time(bits, threads, iterations));
        }
        return 2.0 * Accumulators * (bits / 32) * iterations * threads / best / 1e9;
    }

    private static double Time(int bits, int threads, long iterations)
    {
        using var start = new Barrier(threads + 1);
        var workers = Enumerable.Range(0, threads).Select(_ => new Thread(() =>
        {
            start.SignalAndWait();
            Sink += bits switch { 512 => Loop512(iterations), 256 => Loop256(iterations), _ => Loop128(iterations) };
        })).ToList();
        workers.ForEach(w => w.Start());
        start.SignalAndWait();
        long begin = Stopwatch.GetTimestamp();
        workers.ForEach(w => w.Join());
        return Stopwatch.GetElapsedTime(begin).TotalSeconds;
    }

    private static float Sink;   // the loops' results go somewhere, so the JIT keeps them

    private static float Loop512(long iterations)
    {
        var m = Vector512.Create(0.999999f);
        var a = Vector512.Create(1e-6f);
        Vector512<float> c0 = Vector512.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            if (Fused)
            {
                c0 = Vector512.FusedMultiplyAdd(c0, m, a); c1 = Vector512.FusedMultiplyAdd(c1, m, a);
                c2 = Vector512.FusedMultiplyAdd(c2, m, a); c3 = Vector512.FusedMultiplyAdd(c3, m, a);
                c4 = Vector512.FusedMultiplyAdd(c4, m, a); c5 = Vector512.FusedMultiplyAdd(c5, m, a);
                c6 = Vector512.FusedMultiplyAdd(c6, m, a); c7 = Vector512.FusedMultiplyAdd(c7, m, a);
                c8 = Vector512.FusedMultiplyAdd(c8, m, a); c9 = Vector512.FusedMultiplyAdd(c9, m, a);
                c10 = Vector512.FusedMultiplyAdd(c10, m, a); c11 = Vector512.FusedMultiplyAdd(c11, m, a);
            }
            else
            {
                c0 = c0 * m + a; c1 = c1 * m + a; c2 = c2 * m + a; c3 = c3 * m + a; c4 = c4 * m + a; c5 = c5 * m + a;
                c6 = c6 * m + a; c7 = c7 * m + a; c8 = c8 * m + a; c9 = c9 * m + a; c10 = c10 * m + a; c11 = c11 * m + a;
            }
        }
        return Vector512.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static float Loop256(long iterations)
    {
        var m = Vector256.Create(0.999999f);
        var a = Vector256.Create(1e-6f);
        Vector256<float> c0 = Vector256.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            if (Fused)
            {
                c0 = Vector256.FusedMultiplyAdd(c0, m, a); c1 = Vector256.FusedMultiplyAdd(c1, m, a);
                c2 = Vector256.FusedMultiplyAdd(c2, m, a); c3 = Vector256.FusedMultiplyAdd(c3, m, a);
                c4 = Vector256.FusedMultiplyAdd(c4, m, a); c5 = Vector256.FusedMultiplyAdd(c5, m, a);
                c6 = Vector256.FusedMultiplyAdd(c6, m, a); c7 = Vector256.FusedMultiplyAdd(c7, m, a);
                c8 = Vector256.FusedMultiplyAdd(c8, m, a); c9 = Vector256.FusedMultiplyAdd(c9, m, a);
                c10 = Vector256.FusedMultiplyAdd(c10, m, a); c11 = Vector256.FusedMultiplyAdd(c11, m, a);
            }
            else
            {
                c0 = c0 * m + a; c1 = c1 * m + a; c2 = c2 * m + a; c3 = c3 * m + a; c4 = c4 * m + a; c5 = c5 * m + a;
                c6 = c6 * m + a; c7 = c7 * m + a; c8 = c8 * m + a; c9 = c9 * m + a; c10 = c10 * m + a; c11 = c11 * m + a;
            }
        }
        return Vector256.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    private static float Loop128(long iterations)
    {
        var m = Vector128.Create(0.999999f);
        var a = Vector128.Create(1e-6f);
        Vector128<float> c0 = Vector128.Create(1f), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0, c8 = c0, c9 = c0, c10 = c0, c11 = c0;
        for (long i = 0; i < iterations; i++)
        {
            if (Fused)
            {
                c0 = Vector128.FusedMultiplyAdd(c0, m, a); c1 = Vector128.FusedMultiplyAdd(c1, m, a);
                c2 = Vector128.FusedMultiplyAdd(c2, m, a); c3 = Vector128.FusedMultiplyAdd(c3, m, a);
                c4 = Vector128.FusedMultiplyAdd(c4, m, a); c5 = Vector128.FusedMultiplyAdd(c5, m, a);
                c6 = Vector128.FusedMultiplyAdd(c6, m, a); c7 = Vector128.FusedMultiplyAdd(c7, m, a);
                c8 = Vector128.FusedMultiplyAdd(c8, m, a); c9 = Vector128.FusedMultiplyAdd(c9, m, a);
                c10 = Vector128.FusedMultiplyAdd(c10, m, a); c11 = Vector128.FusedMultiplyAdd(c11, m, a);
            }
            else
            {
                c0 = c0 * m + a; c1 = c1 * m + a; c2 = c2 * m + a; c3 = c3 * m + a; c4 = c4 * m + a; c5 = c5 * m + a;
                c6 = c6 * m + a; c7 = c7 * m + a; c8 = c8 * m + a; c9 = c9 * m + a; c10 = c10 * m + a; c11 = c11 * m + a;
            }
        }
        return Vector128.Sum(c0 + c1 + c2 + c3 + c4 + c5 + c6 + c7 + c8 + c9 + c10 + c11);
    }

    /// <summary>The "model name" (x86) or "CPU part"/"Hardware" (Arm) line of /proc/cpuinfo, else the architecture.</summary>
    private static string CpuModel()
    {
        try
        {
            var lines = File.ReadAllLines("/proc/cpuinfo");
            foreach (string key in new[] { "model name", "Hardware", "CPU part" })
            {
                string? line = lines.FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
                if (line is not null) return line[(line.IndexOf(':') + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
    }
}
