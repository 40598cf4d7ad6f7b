// Packing for the blocked SGEMM: copies a block of op(A) or op(B) into the contiguous, zero-padded
// micro-panels the micro-kernel streams (A: MR rows interleaved per k; B: NR columns per k).
// M, N, K = the GEMM sizes; lda/ldb = row strides of A and B as stored.
namespace Engine.Kernels.Cpu.Gemm;

internal static unsafe class Packing
{
    /// <summary>
    /// Packs rows [i0, i0 + rows) and k-range [p0, p0 + kc) of op(A) into ceil(rows / mr) panels of kc * mr.
    /// A is stored (M, K) with row stride lda, or (K, M) when transposed.
    /// </summary>
    public static void PackA(float* a, int lda, bool transposeA, int i0, int rows, int p0, int kc, int mr, float* dest)
    {
        for (int ib = 0; ib < rows; ib += mr)
        {
            int h = Math.Min(mr, rows - ib);
            float* panel = dest + (long)ib * kc;
            if (transposeA)
            {
                // op(A)(i, p) = a[p * lda + i]: each k step is a contiguous run of h values.
                for (int p = 0; p < kc; p++)
                {
                    float* src = a + (long)(p0 + p) * lda + i0 + ib;
                    float* dst = panel + p * mr;
                    if (h == mr)
                    {
                        Buffer.MemoryCopy(src, dst, mr * sizeof(float), mr * sizeof(float));
                        continue;
                    }
                    int i = 0;
                    for (; i < h; i++)
                    {
                        dst[i] = src[i];
                    }
                    for (; i < mr; i++)
                    {
                        dst[i] = 0f;
                    }
                }
            }
            else
            {
                // op(A)(i, p) = a[i * lda + p]: read each row contiguously, write with stride mr.
                for (int i = 0; i < h; i++)
                {
                    float* src = a + (long)(i0 + ib + i) * lda + p0;
                    float* dst = panel + i;
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * mr] = src[p];
                    }
                }
                for (int i = h; i < mr; i++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        panel[p * mr + i] = 0f;
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs k-range [p0, p0 + kc) and columns [j0, j0 + cols) of op(B) into ceil(cols / nr) panels of kc * nr.
    /// B is stored (K, N) with row stride ldb, or (N, K) when transposed.
    /// </summary>
    public static void PackB(float* b, int ldb, bool transposeB, int p0, int kc, int j0, int cols, int nr, float* dest)
    {
        for (int jb = 0; jb < cols; jb += nr)
        {
            int w = Math.Min(nr, cols - jb);
            float* panel = dest + (long)jb * kc;
            if (!transposeB)
            {
                // op(B)(p, j) = b[p * ldb + j]: each k step is a contiguous run of w values.
                for (int p = 0; p < kc; p++)
                {
                    float* src = b + (long)(p0 + p) * ldb + j0 + jb;
                    float* dst = panel + p * nr;
                    if (w == nr)
                    {
                        Buffer.MemoryCopy(src, dst, nr * sizeof(float), nr * sizeof(float));
                        continue;
                    }
                    int j = 0;
                    for (; j < w; j++)
                    {
                        dst[j] = src[j];
                    }
                    for (; j < nr; j++)
                    {
                        dst[j] = 0f;
                    }
                }
            }
            else
            {
                // op(B)(p, j) = b[j * ldb + p]: read each stored row contiguously, write with stride nr.
                for (int j = 0; j < w; j++)
                {
                    float* src = b + (long)(j0 + jb + j) * ldb + p0;
                    float* dst = panel + j;
                    for (int p = 0; p < kc; p++)
                    {
                        dst[p * nr] = src[p];
                    }
                }
                for (int j = w; j < nr; j++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        panel[p * nr + j] = 0f;
                    }
                }
            }
        }
    }
}
