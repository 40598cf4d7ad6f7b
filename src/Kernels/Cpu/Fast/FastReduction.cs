// Vectorised sums over an (outer, middle, inner) view, in a fixed order: TensorPrimitives along contiguous runs,
// SumToMiddle split over threads by ranges of the middle axis. Reference: Cpu/Reference/ReferenceReduction.cs.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;

internal static class FastReduction
{
    private const int MinChunk = 1 << 15;   // below this many elements a second thread costs more than it saves

    /// <summary>output[o, i] = sum_m input[o, m, i]. Writes (=).</summary>
    public static void Sum(float[] input, int outer, int middle, int inner, float[] output)
    {
        for (int o = 0; o < outer; o++)
        {
            if (inner == 1)
            {
                output[o] = TensorPrimitives.Sum(new ReadOnlySpan<float>(input, o * middle, middle));
                continue;
            }
            var sum = new Span<float>(output, o * inner, inner);
            new ReadOnlySpan<float>(input, o * middle * inner, inner).CopyTo(sum);
            for (int m = 1; m < middle; m++)
            {
                TensorPrimitives.Add(sum, new ReadOnlySpan<float>(input, (o * middle + m) * inner, inner), sum);
            }
        }
    }

    /// <summary>output[m] = sum_{o, i} input[o, m, i] (the reverse of a broadcast). Writes (=).</summary>
    public static void SumToMiddle(float[] input, int outer, int middle, int inner, float[] output, int threads)
    {
        // Threads take ranges of the middle axis and add in the same order as one thread: results do not depend on
        // the thread count.
        int minMiddle = Math.Max(1, MinChunk / Math.Max(1, outer * inner));
        CpuParallel.ForRanges(middle, threads, minMiddle, (m0, m1) =>
        {
            var sum = new Span<float>(output, m0, m1 - m0);
            if (inner == 1)
            {
                new ReadOnlySpan<float>(input, m0, m1 - m0).CopyTo(sum);
                for (int o = 1; o < outer; o++)
                {
                    TensorPrimitives.Add(sum, new ReadOnlySpan<float>(input, o * middle + m0, m1 - m0), sum);
                }
                return;
            }
            sum.Clear();
            for (int o = 0; o < outer; o++)
            for (int m = m0; m < m1; m++)
            {
                sum[m - m0] += TensorPrimitives.Sum(new ReadOnlySpan<float>(input, (o * middle + m) * inner, inner));
            }
        }, align: inner == 1 ? 16 : 1);
    }
}
