// Fused losses (BCE, cross-entropy). Reference: Cpu/Reference/ReferenceLoss.cs. Forward: ONE group writes the SUM over elements into output[0]
// (threads stride over the elements, then a fixed-tree group sum: reproducible run to run, no atomics).
// Backward: dInput = dOutput[0] * scale * dLoss/dInput, dOutput[0] read on the device (no host sync); one
// element per thread (grid-stride). Cross-entropy works row-wise: one warp per row, lanes over the columns.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class LossKernels
{
    /// <summary>-(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100)), summed.</summary>
    [Kernel]
    public static void BceForward(ArrayView<float> p, ArrayView<float> t, int count, ArrayView<float> output)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        float sum = 0f;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
        {
            float logP = DeviceMath.Max(DeviceMath.Log(p[i]), -100f);
            float logOneMinusP = DeviceMath.Max(DeviceMath.Log(1f - p[i]), -100f);
            sum += t[i] * logP + (1f - t[i]) * logOneMinusP;
        }
        sum = BlockReduce.GroupSum(sum, scratch);
        if (Group.IdxX == 0)
        {
            output[0] = -sum;
        }
    }

    /// <summary>dInput = dOutput[0] scale (p - t) / max(p (1 - p), 1e-12).</summary>
    [Kernel]
    public static void BceBackward(
        ArrayView<float> p, ArrayView<float> t, ArrayView<float> dOutput, int count, float scale, ArrayView<float> dInput)
    {
        float dLoss = dOutput[0];
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            dInput[i] = dLoss * scale * (p[i] - t[i]) / DeviceMath.Max(p[i] * (1f - p[i]), 1e-12f);
        }
    }

    /// <summary>sum_rows -sum_k t (x - max - ln sum exp(x - max)). One group; warp w takes rows w, w + warps, ...</summary>
    [Kernel]
    public static void CrossEntropyForward(ArrayView<float> logits, ArrayView<float> target, int rows, int cols, ArrayView<float> output)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        int lane = Group.IdxX % Warp.WarpSize, warp = Group.IdxX / Warp.WarpSize, warps = Group.DimX / Warp.WarpSize;
        float sum = 0f;                                             // this lane's share of sum t (x - logSum)
        for (int row = warp; row < rows; row += warps)
        {
            long at = (long)row * cols;
            float max = float.NegativeInfinity;
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                max = DeviceMath.Max(max, logits[at + j]);
            }
            max = BlockReduce.WarpMax(max);
            float sumExp = 0f;
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                sumExp += DeviceMath.Exp(logits[at + j] - max);
            }
            float logSum = max + DeviceMath.Log(BlockReduce.WarpSum(sumExp));
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                sum += target[at + j] * (logits[at + j] - logSum);
            }
        }
        sum = BlockReduce.GroupSum(sum, scratch);
        if (Group.IdxX == 0)
        {
            output[0] = -sum;
        }
    }

    /// <summary>dInput = dOutput[0] scale (softmax(x) sum_k t - t). One warp per row (grid-stride over rows).</summary>
    [Kernel]
    public static void CrossEntropyBackward(
        ArrayView<float> logits, ArrayView<float> target, ArrayView<float> dOutput, int rows, int cols, float scale,
        ArrayView<float> dInput)
    {
        int lane = Group.IdxX % Warp.WarpSize;
        int warps = Grid.DimX * Group.DimX / Warp.WarpSize;
        float factor = dOutput[0] * scale;
        for (int row = Grid.GlobalIndex.X / Warp.WarpSize; row < rows; row += warps)
        {
            long at = (long)row * cols;
            float max = float.NegativeInfinity, sumExp = 0f, sumT = 0f;
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                max = DeviceMath.Max(max, logits[at + j]);
            }
            max = BlockReduce.WarpMax(max);
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                sumExp += DeviceMath.Exp(logits[at + j] - max);
                sumT += target[at + j];
            }
            sumExp = BlockReduce.WarpSum(sumExp);
            sumT = BlockReduce.WarpSum(sumT);
            for (int j = lane; j < cols; j += Warp.WarpSize)
            {
                dInput[at + j] = factor * (DeviceMath.Exp(logits[at + j] - max) / sumExp * sumT - target[at + j]);
            }
        }
    }

}
