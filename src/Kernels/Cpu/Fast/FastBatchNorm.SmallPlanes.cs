// Batch norm + LeakyReLU on small planes (the course's 4 x 4 and 2 x 2 blocks: S < SmallPlane). A plane there is shorter
// than a vector, so the passes that write run over an image's whole (C, S) block at once, with the channels' values
// expanded to one per element (scale[c * S + i] = scale of channel c): whole vectors over contiguous memory, no call per
// plane. The forward's statistics are the plain kernel's own (ChannelStatistics: the output is bit for bit batch norm then
// LeakyReLU); the backward's sums gather per lane over the images in double, then per channel. Threads take ranges of channels: the same sub-block of every image.
namespace Engine.Kernels.Cpu.Fast;

using System.Runtime.InteropServices;
using Engine.Kernels.Cpu.Simd;

internal static partial class FastBatchNorm
{
    private static void SmallForwardTrain(
        float[] input, float[] gamma, float[] beta, int n, int c, int s, float eps, float momentum,
        float[] output, float[] saveMean, float[] saveInvStd, float[] runningMean, float[] runningVar, int threads, SimdLevel level, float slope)
    {
        switch (SimdWidths.Resolve(level))
        {
            case SimdLevel.Vector512: SmallForwardTrain<V512>(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar, threads, slope); break;
            case SimdLevel.Vector256: SmallForwardTrain<V256>(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar, threads, slope); break;
            default: SmallForwardTrain<V128>(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar, threads, slope); break;
        }
    }

    private static void SmallForwardTrain<TVec>(
        float[] input, float[] gamma, float[] beta, int n, int c, int s, float eps, float momentum,
        float[] output, float[] saveMean, float[] saveInvStd, float[] runningMean, float[] runningVar, int threads, float slope)
        where TVec : unmanaged, IVec<TVec>
    {
        SmallRanges(c, n * s, threads, (c0, c1) =>
        {
            int width = (c1 - c0) * s;
            float[] scale = new float[width], shift = new float[width];
            for (int ch = c0; ch < c1; ch++)
            {
                var (mean, invStd) = ChannelStatistics(input, ch, n, c, s, eps, momentum, runningMean, runningVar);
                float channelScale = invStd * gamma[ch];
                Expand(scale, ch - c0, s, channelScale);
                Expand(shift, ch - c0, s, beta[ch] - mean * channelScale);
                saveMean[ch] = mean;
                saveInvStd[ch] = invStd;
            }
            for (int b = 0; b < n; b++) AffineLeaky<TVec>(Block(input, b, c, s, c0, width), scale, shift, slope, BlockOut(output, b, c, s, c0, width));
        });
    }

    private static void SmallBackwardLeakyRelu<TVec>(
        float[] input, float[] gamma, float[] beta, float[] saveMean, float[] saveInvStd, float[] dOutput, int n, int c, int s,
        float slope, float[] dInput, float[] dGamma, float[] dBeta, int threads) where TVec : unmanaged, IVec<TVec>
    {
        SmallRanges(c, n * s, threads, (c0, c1) =>
        {
            int width = (c1 - c0) * s;
            float[] scale = new float[width], shift = new float[width], a = new float[width], bx = new float[width], c0s = new float[width];
            for (int ch = c0; ch < c1; ch++)
            {
                float channelScale = saveInvStd[ch] * gamma[ch];
                Expand(scale, ch - c0, s, channelScale);
                Expand(shift, ch - c0, s, beta[ch] - saveMean[ch] * channelScale);
            }
            // Per lane sum dz and sum dz x over the images, in double (dz in whole vectors first: no branch per element).
            double[] laneDz = new double[width], laneDzX = new double[width];
            float[] dz = c0s;                                                                    // scratch until the coefficients
            for (int b = 0; b < n; b++)
            {
                var x = Block(input, b, c, s, c0, width);
                LeakyDz<TVec>(x, Block(dOutput, b, c, s, c0, width), scale, shift, slope, dz);
                for (int i = 0; i < width; i++)
                {
                    laneDz[i] += dz[i];
                    laneDzX[i] += dz[i] * x[i];
                }
            }
            for (int ch = c0; ch < c1; ch++)
            {
                double sumDz = 0, sumDzX = 0;
                for (int i = (ch - c0) * s; i < (ch - c0 + 1) * s; i++)
                {
                    sumDz += laneDz[i];
                    sumDzX += laneDzX[i];
                }
                var (ca, cb, cc) = GradCoefficients(ch, sumDz, sumDzX, n * s, gamma, saveMean, saveInvStd, dBeta, dGamma);
                Expand(a, ch - c0, s, ca);
                Expand(bx, ch - c0, s, cb);
                Expand(c0s, ch - c0, s, cc);
            }
            for (int b = 0; b < n; b++)
            {
                LeakyGrad<TVec>(Block(input, b, c, s, c0, width), Block(dOutput, b, c, s, c0, width), scale, shift, slope, a, bx, c0s,
                    BlockOut(dInput, b, c, s, c0, width));
            }
        });
    }

    private static void SmallRanges(int c, int perChannel, int threads, Action<int, int> body) =>
        CpuParallel.ForRanges(c, (long)c * perChannel < 1 << 14 ? 1 : threads, 1, body, align: 1);

    // Channels c0 .. of image b: one contiguous block of `width` floats.
    private static ReadOnlySpan<float> Block(float[] x, int b, int c, int s, int c0, int width) => new(x, (b * c + c0) * s, width);

    private static Span<float> BlockOut(float[] x, int b, int c, int s, int c0, int width) => new(x, (b * c + c0) * s, width);

    private static void Expand(float[] values, int local, int s, float value) => values.AsSpan(local * s, s).Fill(value);

    // y = LeakyReLU(scale x + shift), element by element (AffineLeakyReluOperator with per-element scale and shift).
    private static void AffineLeaky<TVec>(ReadOnlySpan<float> x, float[] scale, float[] shift, float slope, Span<float> y)
        where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float scales = ref MemoryMarshal.GetArrayDataReference(scale);
        ref float shifts = ref MemoryMarshal.GetArrayDataReference(shift);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            var z = TVec.Load(ref xs, (nuint)i) * TVec.Load(ref scales, (nuint)i) + TVec.Load(ref shifts, (nuint)i);
            TVec.Select(TVec.GreaterThan(z, TVec.Zero), z, z * slope).Store(ref ys, (nuint)i);
        }
        for (; i < x.Length; i++)
        {
            float z = scale[i] * x[i] + shift[i];
            y[i] = z > 0f ? z : slope * z;
        }
    }

    // dz = dy (z > 0 ? 1 : slope), z = scale x + shift, element by element.
    private static void LeakyDz<TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float[] scale, float[] shift, float slope, float[] dz)
        where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float dys = ref MemoryMarshal.GetReference(dy);
        ref float scales = ref MemoryMarshal.GetArrayDataReference(scale);
        ref float shifts = ref MemoryMarshal.GetArrayDataReference(shift);
        ref float dzs = ref MemoryMarshal.GetArrayDataReference(dz);
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            LeakyMask(TVec.Load(ref xs, (nuint)i), TVec.Load(ref dys, (nuint)i), TVec.Load(ref scales, (nuint)i), TVec.Load(ref shifts, (nuint)i), slope)
                .Store(ref dzs, (nuint)i);
        }
        for (; i < x.Length; i++) dz[i] = LeakyMask(x[i], dy[i], scale[i], shift[i], slope);
    }

    // LeakyMask (FastBatchNorm.cs) with a scale and shift per element: dz = dy (scale x + shift > 0 ? 1 : slope).
    private static TVec LeakyMask<TVec>(TVec x, TVec dy, TVec scale, TVec shift, float slope) where TVec : unmanaged, IVec<TVec> =>
        dy * TVec.Select(TVec.GreaterThan(x * scale + shift, TVec.Zero), TVec.One, TVec.Broadcast(slope));

    // dx = a dz + b x + c0, element by element.
    private static void LeakyGrad<TVec>(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, float[] scale, float[] shift, float slope,
        float[] a, float[] b, float[] c0, Span<float> dx) where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float dys = ref MemoryMarshal.GetReference(dy);
        ref float scales = ref MemoryMarshal.GetArrayDataReference(scale);
        ref float shifts = ref MemoryMarshal.GetArrayDataReference(shift);
        ref float aa = ref MemoryMarshal.GetArrayDataReference(a);
        ref float bb = ref MemoryMarshal.GetArrayDataReference(b);
        ref float cc = ref MemoryMarshal.GetArrayDataReference(c0);
        ref float dxs = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            var xv = TVec.Load(ref xs, (nuint)i);
            var dz = LeakyMask(xv, TVec.Load(ref dys, (nuint)i), TVec.Load(ref scales, (nuint)i), TVec.Load(ref shifts, (nuint)i), slope);
            (dz * TVec.Load(ref aa, (nuint)i) + xv * TVec.Load(ref bb, (nuint)i) + TVec.Load(ref cc, (nuint)i)).Store(ref dxs, (nuint)i);
        }
        for (; i < x.Length; i++)
        {
            float dz = LeakyMask(x[i], dy[i], scale[i], shift[i], slope);
            dx[i] = a[i] * dz + b[i] * x[i] + c0[i];
        }
    }
}
