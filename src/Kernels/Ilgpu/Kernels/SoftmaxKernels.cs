// Softmax and log-softmax over the last axis of (rows, cols), max-subtracted. Reference: Cpu/Reference/ReferenceSoftmax.cs.
// Thread mapping: one warp per row (rows grid-strided over all warps of the launch; a row is warp-uniform, so
// the shuffles never diverge); lanes stride over the columns. No shared memory.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class SoftmaxKernels
{
    /// <summary>y = exp(x - max) / sum, or x - max - ln(sum) when log != 0.</summary>
    [Kernel]
    public static void Forward(ArrayView<float> input, int rows, int cols, int log, ArrayView<float> output)
    {
        int lane = Group.IdxX % Warp.WarpSize;
        int warps = Grid.DimX * Group.DimX / Warp.WarpSize;
        for (int row = Grid.GlobalIndex.X / Warp.WarpSize; row < rows; row += warps)
        {
            long at = (long)row * cols;
            float max = float.NegativeInfinity;
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                max = DeviceMath.Max(max, input[at + j]);
            }
            max = BlockReduce.WarpMax(max);
            float sum = 0f;
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                sum += DeviceMath.Exp(input[at + j] - max);
            }
            sum = BlockReduce.WarpSum(sum);
            float logSum = DeviceMath.Log(sum);
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                float x = input[at + j];
                output[at + j] = log != 0 ? x - max - logSum : DeviceMath.Exp(x - max) / sum;
            }
        }
    }

    /// <summary>softmax dx = y (dy - sum(dy y)); log-softmax dx = dy - exp(y) sum(dy). Writes (=).</summary>
    [Kernel]
    public static void Backward(ArrayView<float> output, ArrayView<float> dOutput, int rows, int cols, int log, ArrayView<float> dInput)
    {
        int lane = Group.IdxX % Warp.WarpSize;
        int warps = Grid.DimX * Group.DimX / Warp.WarpSize;
        for (int row = Grid.GlobalIndex.X / Warp.WarpSize; row < rows; row += warps)
        {
            long at = (long)row * cols;
            float dot = 0f;
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                dot += log != 0 ? dOutput[at + j] : dOutput[at + j] * output[at + j];
            }
            dot = BlockReduce.WarpSum(dot);
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                float y = output[at + j], dy = dOutput[at + j];
                dInput[at + j] = log != 0 ? dy - DeviceMath.Exp(y) * dot : y * (dy - dot);
            }
        }
    }
}
