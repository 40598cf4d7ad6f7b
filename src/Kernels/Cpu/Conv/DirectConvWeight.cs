// Direct stride-1 weight gradient for the layers DirectConv handles: dWeight[k, c, r, s] = sum over images and
// output rows of dOutput rows (zero beyond Q) dotted with shifted rows of the zero-padded input, four shifts at a time.
// The batch is cut into chunks, one partial dWeight each, summed at the end: a chunk pads one image at a time, so
// the image (C planes) and its output gradient stay in the core's cache while all K x C x R x S sums read them.
namespace Engine.Kernels.Cpu.Conv;

using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

internal static unsafe class DirectConvWeight
{
    /// <summary>dWeight (K, C, R, S) from input (N, C, H, W) and dOutput (N, K, P, Q). Writes (=).</summary>
    public static void BackwardWeight(float* input, float* dOutput, ConvGeometry g, float* dWeight, int threads, ScratchPool scratch,
        SimdLevel level)
    {
        level = SimdWidths.Resolve(level);
        int chunks = Math.Min(g.N, 4 * threads);              // more chunks than threads: a late thread takes fewer
        int weights = g.WeightLength;
        float[] partials = scratch.Rent(chunks * weights);
        try
        {
            fixed (float* pp = partials)
            {
                nint ppart = (nint)pp, pin = (nint)input, pout = (nint)dOutput;
                CpuParallel.For(chunks, threads, chunk =>
                {
                    int n0 = (int)((long)g.N * chunk / chunks), n1 = (int)((long)g.N * (chunk + 1) / chunks);
                    float* partial = (float*)ppart + (long)chunk * weights;
                    switch (level)
                    {
                        case SimdLevel.Vector512: Accumulate<V512>((float*)pin, (float*)pout, g, n0, n1, partial, scratch); break;
                        case SimdLevel.Vector256: Accumulate<V256>((float*)pin, (float*)pout, g, n0, n1, partial, scratch); break;
                        default: Accumulate<V128>((float*)pin, (float*)pout, g, n0, n1, partial, scratch); break;
                    }
                });
                new ReadOnlySpan<float>(pp, weights).CopyTo(new Span<float>(dWeight, weights));
                for (int chunk = 1; chunk < chunks; chunk++)
                {
                    var sum = new Span<float>(dWeight, weights);
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, new ReadOnlySpan<float>(pp + (long)chunk * weights, weights), sum);
                }
            }
        }
        finally
        {
            scratch.Return(partials);
        }
    }

    // partial (K, C, R, S) = the sums over images n0..n1-1.
    private static void Accumulate<TVec>(float* input, float* dOutput, ConvGeometry g, int n0, int n1, float* partial,
        ScratchPool scratch) where TVec : unmanaged, IVec<TVec>
    {
        int hp = g.H + 2 * g.PadH, wp = g.W + 2 * g.PadW, p = g.P, q = g.Q;
        float[] xPadded = scratch.Rent(g.C * hp * wp + DirectConv.Slack);
        float[] dyPadded = scratch.Rent(g.K * p * 32);
        float* sums = stackalloc float[4];
        new Span<float>(partial, g.WeightLength).Clear();
        try
        {
            fixed (float* xp = xPadded, dyp = dyPadded)
            {
                new Span<float>(xp + g.C * hp * wp, DirectConv.Slack).Clear();
                for (int n = n0; n < n1; n++)
                {
                    DirectConv.Pad(input + (long)n * g.C * g.H * g.W, g.C, g.H, g.W, g.PadH, g.PadW, hp, wp, xp);
                    DirectConv.Pad(dOutput + (long)n * g.K * p * q, g.K, p, q, 0, 0, p, 32, dyp);
                    for (int k = 0; k < g.K; k++)
                    for (int c = 0; c < g.C; c++)
                    for (int r = 0; r < g.R; r++)
                    {
                        float* dw = partial + ((k * g.C + c) * g.R + r) * g.S;
                        for (int s0 = 0; s0 < g.S; s0 += 4)
                        {
                            SumFourShifts<TVec>(dyp + (long)k * p * 32, xp + (long)(c * hp + r) * wp + s0, p, wp, sums);
                            for (int s = s0; s < Math.Min(s0 + 4, g.S); s++)
                            {
                                dw[s] += sums[s - s0];
                            }
                        }
                    }
                }
            }
        }
        finally
        {
            scratch.Return(dyPadded);
            scratch.Return(xPadded);
        }
    }

    // sums[j] = sum over `rows` rows of dy row (32 wide) times the input row shifted by j, for j = 0..3: eight
    // independent vector sums kept in registers, each row swept in pieces of two vectors. Shifts past the kernel's
    // last tap are computed and ignored by the caller (they read within the padded row and DirectConv.Slack).
    private static void SumFourShifts<TVec>(float* dyRow, float* xRow, int rows, int rowStride, float* sums)
        where TVec : unmanaged, IVec<TVec>
    {
        int n = TVec.Count;
        TVec a0 = TVec.Zero, a1 = TVec.Zero, b0 = TVec.Zero, b1 = TVec.Zero;
        TVec c0 = TVec.Zero, c1 = TVec.Zero, d0 = TVec.Zero, d1 = TVec.Zero;
        for (int y = 0; y < rows; y++, dyRow += 32, xRow += rowStride)
        {
            for (int x = 0; x < 32; x += 2 * n)
            {
                var lo = TVec.Load(dyRow + x);
                var hi = TVec.Load(dyRow + x + n);
                float* xr = xRow + x;
                a0 = TVec.MultiplyAdd(lo, TVec.Load(xr), a0);
                a1 = TVec.MultiplyAdd(hi, TVec.Load(xr + n), a1);
                b0 = TVec.MultiplyAdd(lo, TVec.Load(xr + 1), b0);
                b1 = TVec.MultiplyAdd(hi, TVec.Load(xr + n + 1), b1);
                c0 = TVec.MultiplyAdd(lo, TVec.Load(xr + 2), c0);
                c1 = TVec.MultiplyAdd(hi, TVec.Load(xr + n + 2), c1);
                d0 = TVec.MultiplyAdd(lo, TVec.Load(xr + 3), d0);
                d1 = TVec.MultiplyAdd(hi, TVec.Load(xr + n + 3), d1);
            }
        }
        sums[0] = TVec.Sum(a0 + a1);
        sums[1] = TVec.Sum(b0 + b1);
        sums[2] = TVec.Sum(c0 + c1);
        sums[3] = TVec.Sum(d0 + d1);
    }
}
