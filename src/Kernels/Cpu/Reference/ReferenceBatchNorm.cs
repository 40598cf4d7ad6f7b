// Reference batch normalisation over (N, C, S): statistics per channel over the M = N * S values.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceBatchNorm
{
    public static void ForwardTrain<T>(
        ReadOnlySpan<T> input, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, int n, int c, int s, T eps, T momentum,
        Span<T> output, Span<T> saveMean, Span<T> saveInvStd, Span<T> runningMean, Span<T> runningVar)
        where T : IFloatingPointIeee754<T>
    {
        int count = n * s;
        T m = T.CreateTruncating(count);
        for (int ch = 0; ch < c; ch++)
        {
            T sum = T.Zero;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                    sum += input[(b * c + ch) * s + i];
            T mean = sum / m;

            T squares = T.Zero;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                {
                    T d = input[(b * c + ch) * s + i] - mean;
                    squares += d * d;
                }
            T variance = squares / m;                                   // biased, used to normalise
            T invStd = T.One / T.Sqrt(variance + eps);

            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    output[at] = (input[at] - mean) * invStd * gamma[ch] + beta[ch];
                }
            saveMean[ch] = mean;
            saveInvStd[ch] = invStd;
            T unbiased = count > 1 ? squares / (m - T.One) : variance; // PyTorch's running_var is unbiased
            runningMean[ch] = (T.One - momentum) * runningMean[ch] + momentum * mean;
            runningVar[ch] = (T.One - momentum) * runningVar[ch] + momentum * unbiased;
        }
    }

    public static void ForwardEval<T>(
        ReadOnlySpan<T> input, ReadOnlySpan<T> gamma, ReadOnlySpan<T> beta, ReadOnlySpan<T> runningMean,
        ReadOnlySpan<T> runningVar, int n, int c, int s, T eps, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int b = 0; b < n; b++)
            for (int ch = 0; ch < c; ch++)
            {
                T invStd = T.One / T.Sqrt(runningVar[ch] + eps);
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    output[at] = (input[at] - runningMean[ch]) * invStd * gamma[ch] + beta[ch];
                }
            }
    }

    /// <summary>Writes (=) dInput, dGamma, dBeta; xhat = (x - mean) * invStd.</summary>
    public static void Backward<T>(
        ReadOnlySpan<T> input, ReadOnlySpan<T> gamma, ReadOnlySpan<T> saveMean, ReadOnlySpan<T> saveInvStd,
        ReadOnlySpan<T> dOutput, int n, int c, int s, Span<T> dInput, Span<T> dGamma, Span<T> dBeta)
        where T : IFloatingPointIeee754<T>
    {
        T m = T.CreateTruncating(n * s);
        for (int ch = 0; ch < c; ch++)
        {
            T mean = saveMean[ch], invStd = saveInvStd[ch];
            T sumDy = T.Zero, sumDyXhat = T.Zero;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    sumDy += dOutput[at];
                    sumDyXhat += dOutput[at] * (input[at] - mean) * invStd;
                }
            dBeta[ch] = sumDy;
            dGamma[ch] = sumDyXhat;
            T factor = gamma[ch] * invStd / m;
            for (int b = 0; b < n; b++)
                for (int i = 0; i < s; i++)
                {
                    int at = (b * c + ch) * s + i;
                    T xhat = (input[at] - mean) * invStd;
                    dInput[at] = factor * (m * dOutput[at] - sumDy - xhat * sumDyXhat);
                }
        }
    }
}
