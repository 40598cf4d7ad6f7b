// Direct stride-1 convolution for layers with few output channels (the decoder's final 7x7 conv to one channel),
// where im2col + GEMM degenerates into a memory-bound GEMV over a 49x-expanded column matrix. Output rows (up to 32
// wide) are swept in tiles of four rows by two vectors over input channels and kernel taps on zero-padded planes,
// written once over the vector width (IVec) and run at the widest the machine accelerates.
namespace Engine.Kernels.Cpu.Conv;

using System.Runtime.Intrinsics;
using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

internal static unsafe class DirectConv
{
    private const int MaxOutputChannels = 4;
    internal const int Slack = 64;   // floats after each padded image: full-width loads past the last row stay in the buffer

    /// <summary>Stride 1, few output channels, rows of at most 32, padding below the kernel size (any vector width).</summary>
    public static bool Applies(ConvGeometry g) =>
        g.StrideH == 1 && g.StrideW == 1 && g.K <= MaxOutputChannels &&
        g.Q <= 32 && g.W <= 32 && g.PadH < g.R && g.PadW < g.S;

    /// <summary>output (N, K, P, Q) = conv(input, weight). Writes (=).</summary>
    public static void Forward(float* input, float* weight, ConvGeometry g, float* output, int threads, ScratchPool scratch,
        SimdLevel level)
    {
        int hp = g.H + 2 * g.PadH, wp = g.W + 2 * g.PadW;
        PerImage(g.N, threads, scratch, g.C * hp * wp + Slack, (n, padded) =>
        {
            Pad(input + (long)n * g.C * g.H * g.W, g.C, g.H, g.W, g.PadH, g.PadW, hp, wp, padded);
            Correlate(level, padded, g.C, hp, wp, weight, g.K, g.R, g.S, output + (long)n * g.K * g.P * g.Q, g.P, g.Q);
        });
    }

    /// <summary>dInput (N, C, H, W) = full correlation of dOutput with the flipped weight. Writes (=).</summary>
    public static void BackwardData(float* dOutput, float* weight, ConvGeometry g, float* dInput, int threads, ScratchPool scratch,
        SimdLevel level)
    {
        int top = g.R - 1 - g.PadH, left = g.S - 1 - g.PadW;
        int hd = g.H + g.R - 1, wd = g.W + g.S - 1;
        float[] flipped = scratch.Rent(g.WeightLength);
        try
        {
            fixed (float* wf = flipped)
            {
                // wf (C, K, R, S) = weight (K, C, R, S) transposed in the channels and rotated 180 degrees.
                for (int k = 0; k < g.K; k++)
                for (int c = 0; c < g.C; c++)
                for (int r = 0; r < g.R; r++)
                for (int s = 0; s < g.S; s++)
                {
                    wf[((c * g.K + k) * g.R + r) * g.S + s] = weight[((k * g.C + c) * g.R + (g.R - 1 - r)) * g.S + (g.S - 1 - s)];
                }
                nint pw = (nint)wf;
                PerImage(g.N, threads, scratch, g.K * hd * wd + Slack, (n, padded) =>
                {
                    Pad(dOutput + (long)n * g.K * g.P * g.Q, g.K, g.P, g.Q, top, left, hd, wd, padded);
                    Correlate(level, padded, g.K, hd, wd, (float*)pw, g.C, g.R, g.S, dInput + (long)n * g.C * g.H * g.W, g.H, g.W);
                });
            }
        }
        finally
        {
            scratch.Return(flipped);
        }
    }

    private static void Correlate(SimdLevel level, float* src, int chIn, int hs, int ws, float* weights, int chOut, int kr,
        int ks, float* dst, int ho, int wo)
    {
        switch (SimdWidths.Resolve(level))
        {
            case SimdLevel.Vector512: Correlate<V512, Vector512<float>>(src, chIn, hs, ws, weights, chOut, kr, ks, dst, ho, wo); break;
            case SimdLevel.Vector256: Correlate<V256, Vector256<float>>(src, chIn, hs, ws, weights, chOut, kr, ks, dst, ho, wo); break;
            default: Correlate<V128, Vector128<float>>(src, chIn, hs, ws, weights, chOut, kr, ks, dst, ho, wo); break;
        }
    }

    // out (chOut, ho, wo) = sum over chIn and taps of weights (chOut, chIn, R, S) times the padded planes (chIn, hs, ws).
    // The output is swept in tiles of four rows by two vectors (32 columns on AVX-512, 16 on AVX2, 8 on SSE/NEON): each
    // weight is broadcast once for the tile, and its eight sums are independent, so the FMAs overlap instead of waiting
    // on one another. Eight accumulators, a broadcast and a load fit the 16 registers of SSE/AVX2 without spills. A
    // full-width tile is stored in place; a narrower one (the last columns) goes through `rows` and is copied.
    private static void Correlate<TVec, TRaw>(float* src, int chIn, int hs, int ws, float* weights, int chOut, int kr, int ks,
        float* dst, int ho, int wo) where TVec : unmanaged, IVec<TVec>, IVecRaw<TRaw> where TRaw : unmanaged
    {
        int tile = 2 * TVec.Count;
        float* rows = stackalloc float[4 * 32];
        for (int o = 0; o < chOut; o++)
        {
            float* w = weights + (long)o * chIn * kr * ks;
            float* plane = dst + (long)o * ho * wo;
            for (int x0 = 0; x0 < wo; x0 += tile)
            {
                int width = Math.Min(tile, wo - x0);
                int y = 0;
                for (; y + 4 <= ho; y += 4)
                {
                    float* at = plane + (long)y * wo + x0;
                    bool inPlace = width == tile;
                    CorrelateFourRows<TVec, TRaw>(src + (long)y * ws + x0, chIn, hs, ws, w, kr, ks, inPlace ? at : rows, inPlace ? wo : 32);
                    for (int i = 0; !inPlace && i < 4; i++)
                    {
                        new ReadOnlySpan<float>(rows + 32 * i, width).CopyTo(new Span<float>(at + (long)i * wo, width));
                    }
                }
                for (; y < ho; y++)
                {
                    CorrelateRow<TVec, TRaw>(src + (long)y * ws + x0, chIn, hs, ws, w, kr, ks, rows);
                    new ReadOnlySpan<float>(rows, width).CopyTo(new Span<float>(plane + (long)y * wo + x0, width));
                }
            }
        }
    }

    // out[ldo i + x] = output row i (of four) at column x of the tile (x < 2 Count): planes start at the tile's first
    // row, first column, first tap. Raw vector accumulators (IVecRaw), so each stays in its register.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CorrelateFourRows<TVec, TRaw>(float* src, int chIn, int hs, int ws, float* w, int kr, int ks, float* tileOut, int ldo)
        where TVec : unmanaged, IVec<TVec>, IVecRaw<TRaw> where TRaw : unmanaged
    {
        int n = TVec.Count;
        TRaw a0 = TVec.RawZero, a1 = TVec.RawZero, b0 = TVec.RawZero, b1 = TVec.RawZero;
        TRaw c0 = TVec.RawZero, c1 = TVec.RawZero, d0 = TVec.RawZero, d1 = TVec.RawZero;
        nint row1 = ws, row2 = 2 * ws, row3 = 3 * ws;
        for (int ci = 0; ci < chIn; ci++)
        {
            float* plane = src + (long)ci * hs * ws;
            for (int r = 0; r < kr; r++, plane += ws, w += ks)
            {
                for (int s = 0; s < ks; s++)
                {
                    var wv = TVec.RawBroadcast(w[s]);
                    float* p = plane + s;
                    a0 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p), a0);
                    a1 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + n), a1);
                    b0 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + row1), b0);
                    b1 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + row1 + n), b1);
                    c0 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + row2), c0);
                    c1 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + row2 + n), c1);
                    d0 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + row3), d0);
                    d1 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(p + row3 + n), d1);
                }
            }
        }
        TVec.RawStore(a0, tileOut); TVec.RawStore(a1, tileOut + n);
        TVec.RawStore(b0, tileOut + ldo); TVec.RawStore(b1, tileOut + ldo + n);
        TVec.RawStore(c0, tileOut + 2 * ldo); TVec.RawStore(c1, tileOut + 2 * ldo + n);
        TVec.RawStore(d0, tileOut + 3 * ldo); TVec.RawStore(d1, tileOut + 3 * ldo + n);
    }

    // rows[x] = one output row of the tile (the rows left over after the blocks of four).
    private static void CorrelateRow<TVec, TRaw>(float* src, int chIn, int hs, int ws, float* w, int kr, int ks, float* rows)
        where TVec : unmanaged, IVec<TVec>, IVecRaw<TRaw> where TRaw : unmanaged
    {
        int n = TVec.Count;
        TRaw a0 = TVec.RawZero, a1 = TVec.RawZero;
        for (int ci = 0; ci < chIn; ci++)
        {
            float* plane = src + (long)ci * hs * ws;
            for (int r = 0; r < kr; r++, plane += ws, w += ks)
            {
                for (int s = 0; s < ks; s++)
                {
                    var wv = TVec.RawBroadcast(w[s]);
                    a0 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(plane + s), a0);
                    a1 = TVec.RawMultiplyAdd(wv, TVec.RawLoad(plane + s + n), a1);
                }
            }
        }
        TVec.RawStore(a0, rows);
        TVec.RawStore(a1, rows + n);
    }

    // dst (ch, hp, wp) = src (ch, h, w) placed at (top, left) in zeros.
    internal static void Pad(float* src, int ch, int h, int w, int top, int left, int hp, int wp, float* dst)
    {
        new Span<float>(dst, ch * hp * wp).Clear();
        for (int c = 0; c < ch; c++)
        for (int y = 0; y < h; y++)
        {
            new ReadOnlySpan<float>(src + ((long)c * h + y) * w, w).CopyTo(new Span<float>(dst + ((long)c * hp + y + top) * wp + left, w));
        }
    }

    private static void PerImage(int images, int threads, ScratchPool scratch, int padLength, PaddedBody body) =>
        CpuParallel.ForRanges(images, threads, 1, (n0, n1) =>
        {
            float[] padded = scratch.Rent(padLength);
            try
            {
                fixed (float* p = padded)
                {
                    for (int n = n0; n < n1; n++)
                    {
                        body(n, p);
                    }
                }
            }
            finally
            {
                scratch.Return(padded);
            }
        }, align: 1);

    private delegate void PaddedBody(int n, float* padded);
}
