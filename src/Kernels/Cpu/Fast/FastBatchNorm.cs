// Batch normalisation over (N, C, S), fused per channel and parallel over channels: the forward makes one
// pass for the mean, one for the centred squares and one affine pass; the backward one pass for both sums
// (TensorPrimitives.Sum and Dot) and one pass writing dInput = A * dy + B * x + C0.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

internal static class FastBatchNorm
{
    public static void ForwardTrain(
        float[] input, float[] gamma, float[] beta, int n, int c, int s, float eps, float momentum,
        float[] output, float[] saveMean, float[] saveInvStd, float[] runningMean, float[] runningVar, int threads)
    {
        int count = n * s;
        Channels(c, n * s, threads, ch =>
        {
            double sum = 0;
            for (int b = 0; b < n; b++)
            {
                sum += s < SmallPlane ? PlainSum(Plane(input, b, ch, c, s)) : TensorPrimitives.Sum(Plane(input, b, ch, c, s));
            }
            float mean = (float)(sum / count);
            double squares = 0;
            for (int b = 0; b < n; b++)
            {
                squares += SumSquaredDeviation(Plane(input, b, ch, c, s), mean);
            }
            float variance = (float)(squares / count);
            float invStd = 1f / MathF.Sqrt(variance + eps);
            float scale = invStd * gamma[ch], shift = beta[ch] - mean * scale;
            for (int b = 0; b < n; b++)
            {
                UnaryDriver.Map(new AffineOperator(scale, shift), Plane(input, b, ch, c, s), PlaneOut(output, b, ch, c, s));
            }
            saveMean[ch] = mean;
            saveInvStd[ch] = invStd;
            float unbiased = count > 1 ? (float)(squares / (count - 1)) : variance;
            runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * mean;
            runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * unbiased;
        });
    }

    public static void ForwardEval(
        float[] input, float[] gamma, float[] beta, float[] runningMean, float[] runningVar, int n, int c, int s, float eps,
        float[] output, int threads) =>
        Channels(c, n * s, threads, ch =>
        {
            float scale = gamma[ch] / MathF.Sqrt(runningVar[ch] + eps), shift = beta[ch] - runningMean[ch] * scale;
            for (int b = 0; b < n; b++)
            {
                UnaryDriver.Map(new AffineOperator(scale, shift), Plane(input, b, ch, c, s), PlaneOut(output, b, ch, c, s));
            }
        });

    /// <summary>Writes (=) dInput, dGamma, dBeta; see IBackend.BatchNormBackward for the formulas.</summary>
    public static void Backward(
        float[] input, float[] gamma, float[] saveMean, float[] saveInvStd, float[] dOutput, int n, int c, int s,
        float[] dInput, float[] dGamma, float[] dBeta, int threads)
    {
        float m = n * s;
        Channels(c, n * s, threads, ch =>
        {
            float mean = saveMean[ch], invStd = saveInvStd[ch];
            double sumDy = 0, sumDyX = 0;
            for (int b = 0; b < n; b++)
            {
                var dy = Plane(dOutput, b, ch, c, s);
                var x = Plane(input, b, ch, c, s);
                if (s < SmallPlane)
                {
                    for (int i = 0; i < s; i++)
                    {
                        sumDy += dy[i];
                        sumDyX += dy[i] * x[i];
                    }
                }
                else
                {
                    sumDy += TensorPrimitives.Sum(dy);
                    sumDyX += TensorPrimitives.Dot(dy, x);
                }
            }
            // sum dy * xhat = invStd * (sum dy x - mean sum dy)
            float sumDyXhat = (float)(invStd * (sumDyX - mean * sumDy));
            dBeta[ch] = (float)sumDy;
            dGamma[ch] = sumDyXhat;
            // dx = factor (m dy - sumDy - xhat sumDyXhat) = A dy + B x + C0
            float factor = gamma[ch] * invStd / m;
            float a = factor * m, bx = -factor * sumDyXhat * invStd;
            float c0 = factor * ((float)-sumDy + mean * invStd * sumDyXhat);
            for (int b = 0; b < n; b++)
            {
                var dy = Plane(dOutput, b, ch, c, s);
                UnaryDriver.Map(new BatchNormGradOperator(a, bx, c0), Plane(input, b, ch, c, s), dy, dy, PlaneOut(dInput, b, ch, c, s));
            }
        });
    }

    /// <summary>Below this plane size (H * W) a plain loop beats a vectorised call per plane (enc5 and dec1 have 2 x 2).</summary>
    private const int SmallPlane = 32;

    private static float PlainSum(ReadOnlySpan<float> x)
    {
        float total = 0f;
        foreach (float v in x) total += v;
        return total;
    }

    private static double SumSquaredDeviation(ReadOnlySpan<float> x, float mean)
    {
        if (x.Length < SmallPlane)
        {
            float plain = 0f;
            foreach (float v in x) plain += (v - mean) * (v - mean);
            return plain;
        }
        // Blocks of 256 through a stack buffer keep the centred values in L1 and the sum vectorised.
        Span<float> block = stackalloc float[256];
        double total = 0;
        for (int i = 0; i < x.Length; i += block.Length)
        {
            int length = Math.Min(block.Length, x.Length - i);
            var part = block[..length];
            TensorPrimitives.Subtract(x.Slice(i, length), mean, part);
            total += TensorPrimitives.SumOfSquares(part);
        }
        return total;
    }

    private static void Channels(int c, int perChannel, int threads, Action<int> body) =>
        CpuParallel.ForRanges(c, (long)c * perChannel < 1 << 14 ? 1 : threads, 1, (c0, c1) =>
        {
            for (int ch = c0; ch < c1; ch++)
            {
                body(ch);
            }
        }, align: 1);

    private static ReadOnlySpan<float> Plane(float[] x, int b, int ch, int c, int s) => new(x, (b * c + ch) * s, s);

    private static Span<float> PlaneOut(float[] x, int b, int ch, int c, int s) => new(x, (b * c + ch) * s, s);
}

/// <summary>dx = a * dy + b * x + c0: the batch-norm input gradient with the channel's sums folded into a, b, c0.</summary>
internal readonly struct BatchNormGradOperator(float a, float b, float c0) : IUnaryGradOperator
{
    public float Invoke(float x, float y, float dy) => a * dy + b * x + c0;
    public Vector512<float> Invoke(
        Vector512<float> x, Vector512<float> y,
        Vector512<float> dy) => dy * a + x * b + Vector512.Create(c0);
    public Vector256<float> Invoke(
        Vector256<float> x, Vector256<float> y,
        Vector256<float> dy) => dy * a + x * b + Vector256.Create(c0);
}
