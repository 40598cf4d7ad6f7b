// Batch normalisation over (N, C, S), fused per channel and parallel over channels: the forward makes one
// pass for the mean, one for the centred squares and one affine pass; the backward one pass for both sums
// (TensorPrimitives.Sum and Dot) and one pass writing dInput = A * dy + B * x + C0.
// With a LeakyReLU slope (the course's block) the affine pass also applies the LeakyReLU, and the backward turns the
// LeakyReLU's dy into dz = dy * (z > 0 ? 1 : slope) in registers, recomputing z = scale x + shift exactly as the
// forward did: the activation costs no pass of its own either way (the backward's sums are in another order than the
// two separate primitives', so they agree to rounding, not bit for bit). Planes smaller than a vector (the 4 x 4 and 2 x 2
// blocks) take the block kernels of FastBatchNorm.SmallPlanes.cs instead.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Engine.Kernels.Cpu.Simd;

internal static partial class FastBatchNorm
{
    public static void ForwardTrain(
        float[] input, float[] gamma, float[] beta, int n, int c, int s, float eps, float momentum,
        float[] output, float[] saveMean, float[] saveInvStd, float[] runningMean, float[] runningVar, int threads,
        SimdLevel level, float? leakySlope = null)
    {
        if (leakySlope is float small && s < SmallPlane && SimdWidths.Resolve(level) != SimdLevel.Scalar)
        {
            SmallForwardTrain(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar, threads, level, small);
            return;
        }
        Channels(c, n * s, threads, ch =>
        {
            var (mean, invStd) = ChannelStatistics(input, ch, n, c, s, eps, momentum, runningMean, runningVar);
            float scale = invStd * gamma[ch], shift = beta[ch] - mean * scale;
            for (int b = 0; b < n; b++)
            {
                if (leakySlope is float slope)
                {
                    UnaryDriver.Map(new AffineLeakyReluOperator(scale, shift, slope), Plane(input, b, ch, c, s), PlaneOut(output, b, ch, c, s), level);
                }
                else
                {
                    UnaryDriver.Map(new AffineOperator(scale, shift), Plane(input, b, ch, c, s), PlaneOut(output, b, ch, c, s), level);
                }
            }
            saveMean[ch] = mean;
            saveInvStd[ch] = invStd;
        });
    }

    // One channel's batch mean and 1 / sqrt(variance + eps), its running statistics moved (momentum; the running variance
    // unbiased): one pass for the mean (per-plane sums, whole vectors from SmallPlane up, added in double), one for the
    // centred squares.
    private static (float Mean, float InvStd) ChannelStatistics(float[] input, int ch, int n, int c, int s, float eps, float momentum,
        float[] runningMean, float[] runningVar)
    {
        int count = n * s;
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
        float unbiased = count > 1 ? (float)(squares / (count - 1)) : variance;
        runningMean[ch] = (1f - momentum) * runningMean[ch] + momentum * mean;
        runningVar[ch] = (1f - momentum) * runningVar[ch] + momentum * unbiased;
        return (mean, 1f / MathF.Sqrt(variance + eps));
    }

    public static void ForwardEval(
        float[] input, float[] gamma, float[] beta, float[] runningMean, float[] runningVar, int n, int c, int s, float eps,
        float[] output, int threads, SimdLevel level) =>
        Channels(c, n * s, threads, ch =>
        {
            float scale = gamma[ch] / MathF.Sqrt(runningVar[ch] + eps), shift = beta[ch] - runningMean[ch] * scale;
            for (int b = 0; b < n; b++)
            {
                UnaryDriver.Map(new AffineOperator(scale, shift), Plane(input, b, ch, c, s), PlaneOut(output, b, ch, c, s), level);
            }
        });

    /// <summary>Writes (=) dInput, dGamma, dBeta; see IBackend.BatchNormBackward for the formulas.</summary>
    public static void Backward(
        float[] input, float[] gamma, float[] saveMean, float[] saveInvStd, float[] dOutput, int n, int c, int s,
        float[] dInput, float[] dGamma, float[] dBeta, int threads, SimdLevel level)
    {
        Channels(c, n * s, threads, ch =>
        {
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
            var (a, bx, c0) = GradCoefficients(ch, sumDy, sumDyX, n * s, gamma, saveMean, saveInvStd, dBeta, dGamma);
            for (int b = 0; b < n; b++)
            {
                var dy = Plane(dOutput, b, ch, c, s);
                UnaryDriver.Map(new BatchNormGradOperator(a, bx, c0), Plane(input, b, ch, c, s), dy, dy, PlaneOut(dInput, b, ch, c, s), level);
            }
        });
    }

    /// <summary>
    /// The backward of batch-norm + LeakyReLU (planes of SmallPlane and more; smaller ones by blocks): dy is the gradient after the LeakyReLU;
    /// dz = dy * (z > 0 ? 1 : slope) is recomputed in registers in both passes (z = scale x + shift as the forward had it)
    /// and never stored. Writes (=) dInput, dGamma, dBeta.
    /// </summary>
    public static void BackwardLeakyRelu(
        float[] input, float[] gamma, float[] beta, float[] saveMean, float[] saveInvStd, float[] dOutput, int n, int c, int s,
        float slope, float[] dInput, float[] dGamma, float[] dBeta, int threads, SimdLevel level)
    {
        switch (SimdWidths.Resolve(level))
        {
            case SimdLevel.Vector512: BackwardLeakyRelu<V512>(input, gamma, beta, saveMean, saveInvStd, dOutput, n, c, s, slope, dInput, dGamma, dBeta, threads); break;
            case SimdLevel.Vector256: BackwardLeakyRelu<V256>(input, gamma, beta, saveMean, saveInvStd, dOutput, n, c, s, slope, dInput, dGamma, dBeta, threads); break;
            case SimdLevel.Vector128: BackwardLeakyRelu<V128>(input, gamma, beta, saveMean, saveInvStd, dOutput, n, c, s, slope, dInput, dGamma, dBeta, threads); break;
            default: throw new ArgumentException("The fused batch-norm + LeakyReLU backward runs on vectors; the scalar level composes the two primitives.", nameof(level));
        }
    }

    private static void BackwardLeakyRelu<TVec>(
        float[] input, float[] gamma, float[] beta, float[] saveMean, float[] saveInvStd, float[] dOutput, int n, int c, int s,
        float slope, float[] dInput, float[] dGamma, float[] dBeta, int threads) where TVec : unmanaged, IVec<TVec>
    {
        if (s < SmallPlane)
        {
            SmallBackwardLeakyRelu<TVec>(input, gamma, beta, saveMean, saveInvStd, dOutput, n, c, s, slope, dInput, dGamma, dBeta, threads);
            return;
        }
        Channels(c, n * s, threads, ch =>
        {
            float scale = saveInvStd[ch] * gamma[ch], shift = beta[ch] - saveMean[ch] * scale;
            double sumDz = 0, sumDzX = 0;
            for (int b = 0; b < n; b++)
            {
                var (planeDz, planeDzX) = LeakySums<TVec>(Plane(input, b, ch, c, s), Plane(dOutput, b, ch, c, s), scale, shift, slope);
                sumDz += planeDz;
                sumDzX += planeDzX;
            }
            var (a, bx, c0) = GradCoefficients(ch, sumDz, sumDzX, n * s, gamma, saveMean, saveInvStd, dBeta, dGamma);
            for (int b = 0; b < n; b++)
            {
                LeakyGrad<TVec>(Plane(input, b, ch, c, s), Plane(dOutput, b, ch, c, s), scale, shift, slope, a, bx, c0,
                    PlaneOut(dInput, b, ch, c, s));
            }
        });
    }

    // dBeta = sum dy, dGamma = sum dy xhat = invStd (sum dy x - mean sum dy); dx = factor (m dy - sumDy - xhat sumDyXhat)
    // = a dy + b x + c0 with factor = gamma invStd / m.
    private static (float A, float B, float C0) GradCoefficients(int ch, double sumDy, double sumDyX, int count, float[] gamma,
        float[] saveMean, float[] saveInvStd, float[] dBeta, float[] dGamma)
    {
        float m = count, mean = saveMean[ch], invStd = saveInvStd[ch];
        float sumDyXhat = (float)(invStd * (sumDyX - mean * sumDy));
        dBeta[ch] = (float)sumDy;
        dGamma[ch] = sumDyXhat;
        float factor = gamma[ch] * invStd / m;
        return (factor * m, -factor * sumDyXhat * invStd, factor * ((float)-sumDy + mean * invStd * sumDyXhat));
    }

    // (sum dz, sum dz x) over one plane, dz = dy * (scale x + shift > 0 ? 1 : slope).
    private static (double SumDz, double SumDzX) LeakySums<TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float scale,
        float shift, float slope) where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float dys = ref MemoryMarshal.GetReference(dy);
        TVec sum = TVec.Zero, dot = TVec.Zero;
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            var xv = TVec.Load(ref xs, (nuint)i);
            var dz = LeakyMask(xv, TVec.Load(ref dys, (nuint)i), scale, shift, slope);
            sum += dz;
            dot += dz * xv;
        }
        double total = TVec.Sum(sum), totalX = TVec.Sum(dot);
        for (; i < x.Length; i++)
        {
            float dz = LeakyMask(x[i], dy[i], scale, shift, slope);
            total += dz;
            totalX += dz * x[i];
        }
        return (total, totalX);
    }

    // dx = a dz + b x + c0 over one plane.
    private static void LeakyGrad<TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float scale, float shift, float slope,
        float a, float b, float c0, Span<float> dx) where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float dys = ref MemoryMarshal.GetReference(dy);
        ref float dxs = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            var xv = TVec.Load(ref xs, (nuint)i);
            var dz = LeakyMask(xv, TVec.Load(ref dys, (nuint)i), scale, shift, slope);
            (dz * a + xv * b + TVec.Broadcast(c0)).Store(ref dxs, (nuint)i);
        }
        for (; i < x.Length; i++)
        {
            float dz = LeakyMask(x[i], dy[i], scale, shift, slope);
            dx[i] = a * dz + b * x[i] + c0;
        }
    }

    // dz = dy * (z > 0 ? 1 : slope), z = scale x + shift: one value (the tails), and a vector of them below.
    private static float LeakyMask(float x, float dy, float scale, float shift, float slope) => dy * (scale * x + shift > 0f ? 1f : slope);

    private static TVec LeakyMask<TVec>(TVec x, TVec dy, float scale, float shift, float slope) where TVec : unmanaged, IVec<TVec> =>
        LeakyMask(x, dy, TVec.Broadcast(scale), TVec.Broadcast(shift), slope);

    /// <summary>
    /// Below this plane size (H * W) a plain loop beats a vectorised call per plane (enc5 and dec1 have 2 x 2), and the fused
    /// batch norm + LeakyReLU runs by blocks of whole images (FastBatchNorm.SmallPlanes.cs).
    /// </summary>
    public const int SmallPlane = 32;

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
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * a + x * b + TVec.Broadcast(c0);
}

/// <summary>y = LeakyReLU(scale * x + shift): the batch-norm affine pass with the course's activation, in the operation
/// order of AffineOperator then LeakyReluOperator.</summary>
internal readonly struct AffineLeakyReluOperator(float scale, float shift, float slope) : IUnaryOperator
{
    public float Invoke(float x)
    {
        float z = scale * x + shift;
        return z > 0f ? z : slope * z;
    }
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec>
    {
        var z = x * scale + TVec.Broadcast(shift);
        return TVec.Select(TVec.GreaterThan(z, TVec.Zero), z, z * slope);
    }
}
