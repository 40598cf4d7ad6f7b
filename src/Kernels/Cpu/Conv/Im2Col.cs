// Lowering of a convolution to GEMM: im2col gathers input patches into columns, col2im scatters column
// gradients back, and the permutes move between (N, K, PQ) tensors and (K, N*PQ) GEMM operands.
// col is (C*R*S, L) with L = N*P*Q: row (c, r, s), column (n, oy, ox). Letters as in ConvGeometry.
namespace Engine.Kernels.Cpu.Conv;


internal static unsafe class Im2Col
{
    /// <summary>Writes the columns of images [n0, n1) of input (N, C, H, W) into col (C*R*S, N*P*Q).</summary>
    public static void Gather(float* input, ConvGeometry g, int n0, int n1, float* col)
    {
        int p = g.P, q = g.Q, pq = p * q;
        long l = (long)g.N * pq;
        for (int n = n0; n < n1; n++)
        for (int c = 0; c < g.C; c++)
        {
            float* image = input + (long)(n * g.C + c) * g.H * g.W;
            for (int r = 0; r < g.R; r++)
            for (int s = 0; s < g.S; s++)
            {
                float* dst = col + ((c * g.R + r) * g.S + s) * l + (long)n * pq;
                ValidRange(g.StrideW, g.PadW, s, g.W, q, out int oxStart, out int oxEnd);
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
        int p = g.P, q = g.Q, pq = p * q;
        long l = (long)g.N * pq;
        for (int n = n0; n < n1; n++)
        for (int c = 0; c < g.C; c++)
        {
            float* image = dInput + (long)(n * g.C + c) * g.H * g.W;
            new Span<float>(image, g.H * g.W).Clear();
            for (int r = 0; r < g.R; r++)
            for (int s = 0; s < g.S; s++)
            {
                float* src = dCol + ((c * g.R + r) * g.S + s) * l + (long)n * pq;
                ValidRange(g.StrideW, g.PadW, s, g.W, q, out int oxStart, out int oxEnd);
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
