// Lowering of a convolution to GEMM: im2col gathers input patches into columns, col2im scatters column
// gradients back, and the permutes move between (N, K, PQ) tensors and (K, N*PQ) GEMM operands.
// col is (C*R*S, L) with L = N*P*Q: row (c, r, s), column (n, oy, ox). Letters as in ConvGeometry.
namespace Engine.Kernels.Cpu.Conv;


internal static unsafe class Im2Col
{
    /// <summary>Writes the columns of images [n0, n1) of input (N, C, H, W) into col (C*R*S, N*P*Q).</summary>
    public static void Gather(float* input, ConvGeometry g, int n0, int n1, float* col)
    {
        int p = g.P, q = g.Q, pq = p * q, taps = g.R * g.S;
        long l = (long)g.N * pq;
        if (GathersThroughTable(g))
        {
            // Small planes: rows of 2 to 14 outputs cost more in loop control than in copying, so each image plane is
            // copied once into the middle of a zero-padded plane and every tap's outputs are read from it through a table
            // of offsets made once per call: a load of the offset, a load and a store per value, no branch (the padding
            // reads zeros). Measured (one thread, AVX2, host noise of +-30%): enc2's lowering 1.07-1.26 -> 0.81-0.93 ms,
            // enc3's 0.80 -> 0.52-0.59 ms; 2 x 2 and 1 x 1 outputs level with the table of input offsets it replaced.
            int wp = g.W + 2 * g.PadW;
            int* offsets = stackalloc int[taps * pq];
            float* plane = stackalloc float[PaddedPlane(g)];
            PaddedOffsets(g, offsets);
            new Span<float>(plane, PaddedPlane(g)).Clear();
            for (int n = n0; n < n1; n++)
            for (int c = 0; c < g.C; c++)
            {
                float* image = input + (long)(n * g.C + c) * g.H * g.W;
                for (int y = 0; y < g.H; y++)
                {
                    new ReadOnlySpan<float>(image + y * g.W, g.W).CopyTo(new Span<float>(plane + (y + g.PadH) * wp + g.PadW, g.W));
                }
                for (int t = 0; t < taps; t++)
                {
                    float* dst = col + (c * taps + t) * l + (long)n * pq;
                    int* offset = offsets + t * pq;
                    for (int i = 0; i < pq; i++)
                    {
                        dst[i] = plane[offset[i]];
                    }
                }
            }
            return;
        }
        var ranges = ColumnRanges(g, g.S <= MaxStackTaps ? stackalloc int[2 * g.S] : new int[2 * g.S]);
        for (int n = n0; n < n1; n++)
        for (int c = 0; c < g.C; c++)
        {
            float* image = input + (long)(n * g.C + c) * g.H * g.W;
            for (int r = 0; r < g.R; r++)
            for (int s = 0; s < g.S; s++)
            {
                float* dst = col + ((c * g.R + r) * g.S + s) * l + (long)n * pq;
                int oxStart = ranges[2 * s], oxEnd = ranges[2 * s + 1];
                for (int oy = 0; oy < p; oy++, dst += q)
                {
                    int iy = oy * g.StrideH - g.PadH + r;
                    if ((uint)iy >= (uint)g.H || oxStart >= oxEnd)
                    {
                        new Span<float>(dst, q).Clear();
                        continue;
                    }
                    float* src = image + iy * g.W - g.PadW + s;
                    for (int ox = 0; ox < oxStart; ox++)
                    {
                        dst[ox] = 0f;
                    }
                    if (g.StrideW == 1)
                    {
                        new ReadOnlySpan<float>(src + oxStart, oxEnd - oxStart).CopyTo(new Span<float>(dst + oxStart, oxEnd - oxStart));
                    }
                    else
                    {
                        for (int ox = oxStart; ox < oxEnd; ox++)
                        {
                            dst[ox] = src[ox * g.StrideW];
                        }
                    }
                    for (int ox = oxEnd; ox < q; ox++)
                    {
                        dst[ox] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>Writes (=) images [n0, n1) of dInput (N, C, H, W) as the sum of the columns of dCol that read each pixel.</summary>
    public static void Scatter(float* dCol, ConvGeometry g, int n0, int n1, float* dInput)
    {
        int p = g.P, q = g.Q, pq = p * q, taps = g.R * g.S;
        long l = (long)g.N * pq;
        if (q <= MaxTableColumns && taps * pq <= MaxOffsets)
        {
            // Small planes through a table of input offsets (-1 in the padding). The padded plane of Gather measured no faster
            // here (its clear and copy-out per plane cost what the branch saved).
            int* offsets = stackalloc int[taps * pq];
            Offsets(g, offsets);
            for (int n = n0; n < n1; n++)
            for (int c = 0; c < g.C; c++)
            {
                float* image = dInput + (long)(n * g.C + c) * g.H * g.W;
                new Span<float>(image, g.H * g.W).Clear();
                for (int t = 0; t < taps; t++)
                {
                    float* src = dCol + (c * taps + t) * l + (long)n * pq;
                    int* offset = offsets + t * pq;
                    for (int i = 0; i < pq; i++)
                    {
                        if (offset[i] >= 0)
                        {
                            image[offset[i]] += src[i];
                        }
                    }
                }
            }
            return;
        }
        var ranges = ColumnRanges(g, g.S <= MaxStackTaps ? stackalloc int[2 * g.S] : new int[2 * g.S]);
        for (int n = n0; n < n1; n++)
        for (int c = 0; c < g.C; c++)
        {
            float* image = dInput + (long)(n * g.C + c) * g.H * g.W;
            new Span<float>(image, g.H * g.W).Clear();
            for (int r = 0; r < g.R; r++)
            for (int s = 0; s < g.S; s++)
            {
                float* src = dCol + ((c * g.R + r) * g.S + s) * l + (long)n * pq;
                int oxStart = ranges[2 * s], oxEnd = ranges[2 * s + 1];
                for (int oy = 0; oy < p; oy++, src += q)
                {
                    int iy = oy * g.StrideH - g.PadH + r;
                    if ((uint)iy >= (uint)g.H)
                    {
                        continue;
                    }
                    float* dst = image + iy * g.W - g.PadW + s;
                    for (int ox = oxStart; ox < oxEnd; ox++)
                    {
                        dst[ox * g.StrideW] += src[ox];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Moves blocks between (A, B, inner) and (B, A, inner) layouts for a in [a0, a1):
    /// output[(b * countA + a) * inner + i] = input[(a * countB + b) * inner + i].
    /// (N, K, PQ) to (K, N*PQ) is A = N, B = K; the way back is A = K, B = N.
    /// </summary>
    public static void Permute(float* input, int countA, int countB, int inner, int a0, int a1, float* output)
    {
        for (int a = a0; a < a1; a++)
        for (int b = 0; b < countB; b++)
        {
            new ReadOnlySpan<float>(input + ((long)a * countB + b) * inner, inner)
                .CopyTo(new Span<float>(output + ((long)b * countA + a) * inner, inner));
        }
    }

    private const int MaxStackTaps = 256;
    private const int MaxOffsets = 4096;            // taps x outputs of the offset table (16 KiB of stack)
    private const int MaxTableColumns = 4;          // output rows this short go through Scatter's table
    private const int MaxPlane = 4096;              // floats of Gather's zero-padded plane (16 KiB of stack)

    // Whether Gather goes through the offset table and a padded plane (both small enough for the stack; every tap of
    // every output inside the plane).
    private static bool GathersThroughTable(ConvGeometry g) =>
        g.R * g.S * g.P * g.Q <= MaxOffsets && PaddedPlane(g) <= MaxPlane &&
        (g.P - 1) * g.StrideH + g.R <= g.H + 2 * g.PadH && (g.Q - 1) * g.StrideW + g.S <= g.W + 2 * g.PadW;

    // Gather's zero-padded plane: (H + 2 padH) rows of (W + 2 padW).
    private static int PaddedPlane(ConvGeometry g) => (g.H + 2 * g.PadH) * (g.W + 2 * g.PadW);

    // offsets[(r * S + s) * PQ + oy * Q + ox] = the padded-plane pixel tap (r, s) of output (oy, ox) reads.
    private static void PaddedOffsets(ConvGeometry g, int* offsets)
    {
        int wp = g.W + 2 * g.PadW;
        for (int r = 0; r < g.R; r++)
        for (int s = 0; s < g.S; s++)
        for (int oy = 0; oy < g.P; oy++)
        for (int ox = 0; ox < g.Q; ox++)
        {
            *offsets++ = (oy * g.StrideH + r) * wp + ox * g.StrideW + s;
        }
    }

    // offsets[(r * S + s) * PQ + oy * Q + ox] = the input pixel tap (r, s) of output (oy, ox) reads, iy * W + ix, or -1.
    private static void Offsets(ConvGeometry g, int* offsets)
    {
        for (int r = 0; r < g.R; r++)
        for (int s = 0; s < g.S; s++)
        for (int oy = 0; oy < g.P; oy++)
        for (int ox = 0; ox < g.Q; ox++)
        {
            int iy = oy * g.StrideH - g.PadH + r, ix = ox * g.StrideW - g.PadW + s;
            bool inside = (uint)iy < (uint)g.H && (uint)ix < (uint)g.W;
            *offsets++ = inside ? iy * g.W + ix : -1;
        }
    }

    // For each kernel column s, the output columns [start, end) that read inside the image, once per call: two integer
    // divisions per (image, channel, tap) cost about as much as the copying on 2 x 2 and 4 x 4 planes.
    private static Span<int> ColumnRanges(ConvGeometry g, Span<int> ranges)
    {
        for (int s = 0; s < g.S; s++)
        {
            ValidRange(g.StrideW, g.PadW, s, g.W, g.Q, out ranges[2 * s], out ranges[2 * s + 1]);
        }
        return ranges;
    }

    // The output columns ox whose input column ox * stride - pad + s lies inside [0, W).
    private static void ValidRange(int stride, int pad, int s, int w, int q, out int start, out int end)
    {
        start = Math.Max(0, (pad - s + stride - 1) / stride);
        end = Math.Min(q, (w - 1 + pad - s) / stride + 1);
        if (w - 1 + pad - s < 0)
        {
            end = 0;
        }
    }
}
