// Sums over an (outer, middle, inner) view, deterministic (fixed order, no atomics). Reference: Cpu/Reference/ReferenceReduction.cs.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class ReductionKernels
{
    /// <summary>
    /// output[o * inner + i] = sum_m input[(o * middle + m) * inner + i]. Thread mapping: one thread per output
    /// (grid-stride), summing m in order; also reduces the split-K partials of the convolution's backward-weight.
    /// </summary>
    [Kernel]
    public static void Sum(ArrayView<float> input, int outer, int middle, int inner, ArrayView<float> output)
    {
        int total = outer * inner;
        for (int t = Grid.GlobalIndex.X; t < total; t += Grid.DimX * Group.DimX)
        {
            int o = t / inner, i = t % inner;
            long at = (long)o * middle * inner + i;
            float sum = 0f;
            for (int m = 0; m < middle; m++)
            {
                sum += input[at + (long)m * inner];
            }
            output[t] = sum;
        }
    }

    /// <summary>
    /// output[m] = sum_{o,i} input[(o * middle + m) * inner + i]. Thread mapping: one group per m; each thread sums
    /// a strided share of the outer * inner terms, then a fixed-tree group sum (shared memory: one slot per warp).
    /// </summary>
    [Kernel]
    public static void SumToMiddle(ArrayView<float> input, int outer, int middle, int inner, ArrayView<float> output)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        for (int m = Grid.IdxX; m < middle; m += Grid.DimX)
        {
            int total = outer * inner;
            float sum = 0f;
            for (int t = Group.IdxX; t < total; t += Group.DimX)
            {
                int o = t / inner, i = t % inner;
                sum += input[((long)o * middle + m) * inner + i];
            }
            sum = BlockReduce.GroupSum(sum, scratch);
            if (Group.IdxX == 0)
            {
                output[m] = sum;
            }
        }
    }
}
