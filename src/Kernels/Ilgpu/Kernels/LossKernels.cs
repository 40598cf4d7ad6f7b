// Fused losses. Reference: Cpu/Reference/Losses.cs. Forward: ONE group writes the SUM over elements into output[0]
// (threads stride over the elements, then a fixed-tree group sum: reproducible run to run, no atomics).
// Backward: dInput = dOutput[0] * scale * dLoss/dInput, dOutput[0] read on the device (no host sync); one
// element per thread (grid-stride). Cross-entropy works row-wise: one warp per row, lanes over the columns.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class LossKernels
{
    /// <summary>-(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100)), summed.</summary>
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
    public static void BceBackward(
        ArrayView<float> p, ArrayView<float> t, ArrayView<float> dOutput, int count, float scale, ArrayView<float> dInput)
    {
        float dLoss = dOutput[0];
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            dInput[i] = dLoss * scale * (p[i] - t[i]) / DeviceMath.Max(p[i] * (1f - p[i]), 1e-12f);
        }
    }

    /// <summary>sum (p - t)^2, or sum |p - t| when absolute != 0.</summary>
    public static void ErrorForward(ArrayView<float> p, ArrayView<float> t, int count, int absolute, ArrayView<float> output)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        float sum = 0f;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
        {
            float d = p[i] - t[i];
            sum += absolute != 0 ? DeviceMath.Abs(d) : d * d;
        }
        sum = BlockReduce.GroupSum(sum, scratch);
        if (Group.IdxX == 0)
        {
            output[0] = sum;
        }
    }

    /// <summary>dInput = dOutput[0] scale 2 (p - t), or sign(p - t) when absolute != 0.</summary>
    public static void ErrorBackward(
        ArrayView<float> p, ArrayView<float> t, ArrayView<float> dOutput, int count, int absolute, float scale, ArrayView<float> dInput)
    {
        float dLoss = dOutput[0];
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            float d = p[i] - t[i];
            float local = absolute != 0 ? (d > 0f ? 1f : d < 0f ? -1f : 0f) : 2f * d;
            dInput[i] = dLoss * scale * local;
        }
    }

    /// <summary>sum_rows -sum_k t (x - max - ln sum exp(x - max)). One group; warp w takes rows w, w + warps, ...</summary>
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

    /// <summary>-0.5 sum (1 + logVar - mu^2 - exp(logVar)).</summary>
    public static void GaussianKlForward(ArrayView<float> mu, ArrayView<float> logVar, int count, ArrayView<float> output)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        float sum = 0f;
        for (int i = Group.IdxX; i < count; i += Group.DimX)
        {
            sum += 1f + logVar[i] - mu[i] * mu[i] - DeviceMath.Exp(logVar[i]);
        }
        sum = BlockReduce.GroupSum(sum, scratch);
        if (Group.IdxX == 0)
        {
            output[0] = -0.5f * sum;
        }
    }

    /// <summary>dMu = dOutput[0] scale mu; dLogVar = dOutput[0] scale 0.5 (exp(logVar) - 1). Writes (=).</summary>
    public static void GaussianKlBackward(
        ArrayView<float> mu, ArrayView<float> logVar, ArrayView<float> dOutput, int count, float scale,
        ArrayView<float> dMu, ArrayView<float> dLogVar)
    {
        float factor = dOutput[0] * scale;
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            dMu[i] = factor * mu[i];
            dLogVar[i] = factor * 0.5f * (DeviceMath.Exp(logVar[i]) - 1f);
        }
    }

    /// <summary>sum_j rho ln(rho / q_j) + (1 - rho) ln((1 - rho) / (1 - q_j)).</summary>
    public static void SparsityKlForward(ArrayView<float> q, int count, float rho, ArrayView<float> output)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        float sum = 0f;
        for (int j = Group.IdxX; j < count; j += Group.DimX)
        {
            sum += rho * DeviceMath.Log(rho / q[j]) + (1f - rho) * DeviceMath.Log((1f - rho) / (1f - q[j]));
        }
        sum = BlockReduce.GroupSum(sum, scratch);
        if (Group.IdxX == 0)
        {
            output[0] = sum;
        }
    }

    /// <summary>dInput = dOutput[0] scale (-rho / q + (1 - rho) / (1 - q)).</summary>
    public static void SparsityKlBackward(
        ArrayView<float> q, ArrayView<float> dOutput, int count, float rho, float scale, ArrayView<float> dInput)
    {
        float factor = dOutput[0] * scale;
        for (int j = Grid.GlobalIndex.X; j < count; j += Grid.DimX * Group.DimX)
        {
            dInput[j] = factor * (-rho / q[j] + (1f - rho) / (1f - q[j]));
        }
    }
}
