// Batch normalisation over (N, C, S), statistics per channel over the M = N * S values; S = H * W.
// Reference: Cpu/Reference/ReferenceBatchNorm.cs. The reductions are fixed-tree group sums (BlockReduce), never atomics.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class BatchNormKernels
{
    private static long Index(int t, int ch, int c, int s) => ((long)(t / s) * c + ch) * s + t % s;

    /// <summary>
    /// Training forward. Thread mapping: one group per channel (channels grid-strided), threads stride over the
    /// channel's M values; two group sums (mean, then squared deviations; shared memory: one slot per warp).
    /// Thread 0 writes saveMean, saveInvStd and the running statistics (unbiased variance), in place.
    /// </summary>
    [Kernel]
    public static void ForwardTrain(
        ArrayView<float> input, ArrayView<float> gamma, ArrayView<float> beta, int n, int c, int s, float eps, float momentum,
        ArrayView<float> output, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> runningMean, ArrayView<float> runningVar)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        int count = n * s;
        float m = count;
        for (int ch = Grid.IdxX; ch < c; ch += Grid.DimX)
        {
            float sum = 0f;
            for (int t = Group.IdxX; t < count; t += Group.DimX)
            {
                sum += input[Index(t, ch, c, s)];
            }
            float mean = BlockReduce.GroupSum(sum, scratch) / m;
            float squares = 0f;
            for (int t = Group.IdxX; t < count; t += Group.DimX)
            {
                float d = input[Index(t, ch, c, s)] - mean;
                squares += d * d;
            }
            squares = BlockReduce.GroupSum(squares, scratch);
            float variance = squares / m;                                   // biased, used to normalise
            float invStd = 1f / DeviceMath.Sqrt(variance + eps);
            float g = gamma[ch], b = beta[ch];
            for (int t = Group.IdxX; t < count; t += Group.DimX)
            {
                long at = Index(t, ch, c, s);
                output[at] = (input[at] - mean) * invStd * g + b;
            }
            if (Group.IdxX == 0)
            {
                saveMean[ch] = mean;
                saveInvStd[ch] = invStd;
                float unbiased = count > 1 ? squares / (m - 1f) : variance; // PyTorch's running_var is unbiased
                runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * mean;
                runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * unbiased;
            }
        }
    }

    /// <summary>Evaluation forward with the running statistics. Thread mapping: one element per thread (grid-stride).</summary>
    [Kernel]
    public static void ForwardEval(
        ArrayView<float> input, ArrayView<float> gamma, ArrayView<float> beta, ArrayView<float> runningMean,
        ArrayView<float> runningVar, int n, int c, int s, float eps, ArrayView<float> output)
    {
        int total = n * c * s;
        for (int i = Grid.GlobalIndex.X; i < total; i += Grid.DimX * Group.DimX)
        {
            int ch = i / s % c;
            float invStd = 1f / DeviceMath.Sqrt(runningVar[ch] + eps);
            output[i] = (input[i] - runningMean[ch]) * invStd * gamma[ch] + beta[ch];
        }
    }

    /// <summary>
    /// Backward (=): dBeta = sum dy, dGamma = sum dy xhat, dx = gamma invStd / M (M dy - dBeta - xhat dGamma).
    /// Thread mapping: one group per channel, two group sums, then one pass writing dx.
    /// </summary>
    [Kernel]
    public static void Backward(
        ArrayView<float> input, ArrayView<float> gamma, ArrayView<float> saveMean, ArrayView<float> saveInvStd,
        ArrayView<float> dOutput, int n, int c, int s, ArrayView<float> dInput, ArrayView<float> dGamma, ArrayView<float> dBeta)
    {
        var scratch = SharedMemory.Allocate<float>(BlockReduce.ScratchLength);
        int count = n * s;
        float m = count;
        for (int ch = Grid.IdxX; ch < c; ch += Grid.DimX)
        {
            float mean = saveMean[ch], invStd = saveInvStd[ch];
            float sumDy = 0f, sumDyXhat = 0f;
            for (int t = Group.IdxX; t < count; t += Group.DimX)
            {
                long at = Index(t, ch, c, s);
                sumDy += dOutput[at];
                sumDyXhat += dOutput[at] * (input[at] - mean) * invStd;
            }
            sumDy = BlockReduce.GroupSum(sumDy, scratch);
            sumDyXhat = BlockReduce.GroupSum(sumDyXhat, scratch);
            float factor = gamma[ch] * invStd / m;
            for (int t = Group.IdxX; t < count; t += Group.DimX)
            {
                long at = Index(t, ch, c, s);
                float xhat = (input[at] - mean) * invStd;
                dInput[at] = factor * (m * dOutput[at] - sumDy - xhat * sumDyXhat);
            }
            if (Group.IdxX == 0)
            {
                dBeta[ch] = sumDy;
                dGamma[ch] = sumDyXhat;
            }
        }
    }
}
