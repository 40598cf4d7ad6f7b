// How much of a blocked SGEMM is packing: for each of the course's GEMM shapes (CourseShapes.Gemms), the time to pack
// all of op(A) and all of op(B) into the micro-kernel's panels (MR and NR of the widest path, depth blocks of 256 as
// BlockedGemm does), beside the whole SGEMM and the time it would take at the machine's FMA peak. One thread; each
// figure the fastest of REPS runs, so a noisy host shows the code's speed rather than the neighbours'.
// Usage: Engine.Bench pack-probe [REPS]
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

public static unsafe class PackProbe
{
    private const int DepthBlock = 256;     // BlockedGemm.KC

    public static void Run(int reps)
    {
        int mr = MicroKernels.Rows(SimdLevel.Auto), nr = MicroKernels.Columns(SimdLevel.Auto);
        int bits = SimdWidths.Widest switch { SimdLevel.Vector512 => 512, SimdLevel.Vector256 => 256, _ => 128 };
        double peak = FmaPeak.Measure(bits, 1);
        Console.WriteLine($"# {SimdWidths.CpuName}; {SimdWidths.Summary()}; 1 thread; MR {mr}, NR {nr}; FP32 FMA peak {peak:F1} GFLOP/s; fastest of {reps}");
        Console.WriteLine($"{"shape",-16} {"pack A ms",10} {"pack B ms",10} {"SGEMM ms",10} {"at peak ms",11} {"packing",8}");
        var scratch = new ScratchPool();
        var rng = new Random(1);
        foreach (var shape in CourseShapes.Gemms)
        {
            var (m, n, k, transposeA) = CourseShapes.ParseGemm(shape);
            float[] a = Random(rng, m * k), b = Random(rng, k * n), c = new float[m * n];
            float[] packedA = new float[(m + mr) * DepthBlock], packedB = new float[(n + nr) * DepthBlock];
            double packA = double.MaxValue, packB = double.MaxValue, gemm = double.MaxValue;
            fixed (float* pa = a, pb = b, pc = c, qa = packedA, qb = packedB)
            {
                for (int r = 0; r < reps; r++)
                {
                    long t0 = Stopwatch.GetTimestamp();
                    for (int p = 0; p < k; p += DepthBlock)
                    {
                        Packing.PackA(pa, transposeA ? m : k, transposeA, 0, m, p, Math.Min(DepthBlock, k - p), mr, qa);
                    }
                    long t1 = Stopwatch.GetTimestamp();
                    for (int p = 0; p < k; p += DepthBlock)
                    {
                        Packing.PackB(pb, n, false, p, Math.Min(DepthBlock, k - p), 0, n, nr, qb);
                    }
                    long t2 = Stopwatch.GetTimestamp();
                    Sgemm.Run(pa, pb, m, n, k, transposeA, false, 1f, 0f, pc, 1, scratch);
                    long t3 = Stopwatch.GetTimestamp();
                    packA = Math.Min(packA, Ms(t1 - t0));
                    packB = Math.Min(packB, Ms(t2 - t1));
                    gemm = Math.Min(gemm, Ms(t3 - t2));
                }
            }
            double atPeak = 2.0 * m * n * k / (peak * 1e9) * 1e3;
            Console.WriteLine($"{shape,-16} {packA,10:F3} {packB,10:F3} {gemm,10:F3} {atPeak,11:F3} {(packA + packB) / gemm,8:P0}");
        }
    }

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static float[] Random(Random rng, int count)
    {
        var x = new float[count];
        for (int i = 0; i < count; i++)
        {
            x[i] = (float)rng.NextDouble() - 0.5f;
        }
        return x;
    }
}
