// Direct stride-1 convolution for layers with few output channels (the decoder's final 7x7 conv to one channel),
// where im2col + GEMM degenerates into a memory-bound GEMV over a 49x-expanded column matrix. Output rows (up to 32
// wide) are swept in tiles of four rows by two vectors over input channels and kernel taps on zero-padded planes,
// written once over the vector width (IVec) and run at the widest the machine accelerates.
namespace Engine.Kernels.Cpu.Conv;

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
            case SimdLevel.Vector512: Correlate<V512>(src, chIn, hs, ws, weights, chOut, kr, ks, dst, ho, wo); break;
            case SimdLevel.Vector256: Correlate<V256>(src, chIn, hs, ws, weights, chOut, kr, ks, dst, ho, wo); break;
            default: Correlate<V128>(src, chIn, hs, ws, weights, chOut, kr, ks, dst, ho, wo); break;
        }
    }

    // out (chOut, ho, wo) = sum over chIn and taps of weights (chOut, chIn, R, S) times the padded planes (chIn, hs, ws).
    // The output is swept in tiles of four rows by two vectors (32 columns on AVX-512, 16 on AVX2, 8 on SSE/NEON): each
    // weight is broadcast once for the tile, and its eight sums are independent, so the FMAs overlap instead of waiting
    // on one another. Eight accumulators, a broadcast and a load fit the 16 registers of SSE/AVX2 without spills.
    private static void Correlate<TVec>(float* src, int chIn, int hs, int ws, float* weights, int chOut, int kr, int ks,
        float* dst, int ho, int wo) where TVec : unmanaged, IVec<TVec>
    {
        int tile = 2 * TVec.Count;
        float* rows = stackalloc float[4 * 32];
        for (int o = 0; o < chOut; o++)
        {
            float* w = weights + (long)o * chIn * kr * ks;
            for (int x0 = 0; x0 < wo; x0 += tile)
            {
                int width = Math.Min(tile, wo - x0);
                int y = 0;
                for (; y + 4 <= ho; y += 4)
                {
                    CorrelateFourRows<TVec>(src + (long)y * ws + x0, chIn, hs, ws, w, kr, ks, rows);
                    for (int i = 0; i < 4; i++)
                    {
                        new ReadOnlySpan<float>(rows + 32 * i, width).CopyTo(new Span<float>(dst + ((long)o * ho + y + i) * wo + x0, width));
                    }
                }
                for (; y < ho; y++)
                {
                    CorrelateRow<TVec>(src + (long)y * ws + x0, chIn, hs, ws, w, kr, ks, rows);
                    new ReadOnlySpan<float>(rows, width).CopyTo(new Span<float>(dst + ((long)o * ho + y) * wo + x0, width));
                }
            }
        }
    }

    // rows[32 i + x] = output row i (of four) at column x of the tile (x < 2 Count): planes start at the tile's first
    // row, first column, first tap.
    private static void CorrelateFourRows<TVec>(float* src, int chIn, int hs, int ws, float* w, int kr, int ks, float* rows)
        where TVec : unmanaged, IVec<TVec>
    {
        int n = TVec.Count;
        TVec a0 = TVec.Zero, a1 = TVec.Zero, b0 = TVec.Zero, b1 = TVec.Zero;
        TVec c0 = TVec.Zero, c1 = TVec.Zero, d0 = TVec.Zero, d1 = TVec.Zero;
        for (int ci = 0; ci < chIn; ci++)
        {
            float* plane = src + (long)ci * hs * ws;
            for (int r = 0; r < kr; r++, plane += ws, w += ks)
            {
                for (int s = 0; s < ks; s++)
                {
                    var wv = TVec.Broadcast(w[s]);
                    float* p = plane + s;
                    a0 = TVec.MultiplyAdd(wv, TVec.Load(p), a0);
                    a1 = TVec.MultiplyAdd(wv, TVec.Load(p + n), a1);
                    b0 = TVec.MultiplyAdd(wv, TVec.Load(p + ws), b0);
                    b1 = TVec.MultiplyAdd(wv, TVec.Load(p + ws + n), b1);
                    c0 = TVec.MultiplyAdd(wv, TVec.Load(p + 2 * ws), c0);
                    c1 = TVec.MultiplyAdd(wv, TVec.Load(p + 2 * ws + n), c1);
                    d0 = TVec.MultiplyAdd(wv, TVec.Load(p + 3 * ws), d0);
                    d1 = TVec.MultiplyAdd(wv, TVec.Load(p + 3 * ws + n), d1);
                }
            }
        }
        a0.Store(rows); a1.Store(rows + n);
        b0.Store(rows + 32); b1.Store(rows + 32 + n);
        c0.Store(rows + 64); c1.Store(rows + 64 + n);
        d0.Store(rows + 96); d1.Store(rows + 96 + n);
    }

    // rows[x] = one output row of the tile (the rows left over after the blocks of four).
    private static void CorrelateRow<TVec>(float* src, int chIn, int hs, int ws, float* w, int kr, int ks, float* rows)
        where TVec : unmanaged, IVec<TVec>
    {
        int n = TVec.Count;
        TVec a0 = TVec.Zero, a1 = TVec.Zero;
        for (int ci = 0; ci < chIn; ci++)
        {
            float* plane = src + (long)ci * hs * ws;
            for (int r = 0; r < kr; r++, plane += ws, w += ks)
            {
                for (int s = 0; s < ks; s++)
                {
                    var wv = TVec.Broadcast(w[s]);
                    a0 = TVec.MultiplyAdd(wv, TVec.Load(plane + s), a0);
                    a1 = TVec.MultiplyAdd(wv, TVec.Load(plane + s + n), a1);
                }
            }
        }
        a0.Store(rows);
        a1.Store(rows + n);
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
