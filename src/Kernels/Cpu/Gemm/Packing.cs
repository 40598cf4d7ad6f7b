// Packing for the blocked SGEMM: copies a block of op(A) or op(B) into the contiguous, zero-padded
// micro-panels the micro-kernel streams (A: MR rows interleaved per k; B: NR columns per k).
// M, N, K = the GEMM sizes; lda/ldb = row strides of A and B as stored.
namespace Engine.Kernels.Cpu.Gemm;

using System.Runtime.Intrinsics;
using Engine.Kernels.Cpu.Simd;

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
                // op(A)(i, p) = a[i * lda + p]: rows transposed into the panel.
                TransposeRows(a + (long)(i0 + ib) * lda + p0, lda, h, kc, mr, panel);
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
                // op(B)(p, j) = b[j * ldb + p]: the stored rows are the panel's columns, transposed as A's are.
                TransposeRows(b + (long)(j0 + jb) * ldb + p0, ldb, w, kc, nr, panel);
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

    // Packs the h rows of an (h, kc) block of A (row stride lda) into a panel: dest[p * mr + i] = row i at step p. Four
    // rows at a time, then a pair: each 4-step piece is loaded as one vector per row and transposed (two rounds of zips),
    // so every store writes 4 (or 2) consecutive panel values instead of one. A last odd row and the steps past the last
    // multiple of 4 go one value at a time.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TransposeRows(float* a, int lda, int h, int kc, int mr, float* dest)
    {
        int kc4 = kc & ~3, i = 0;
        for (; i + 4 <= h; i += 4)
        {
            float* r0 = a + (long)i * lda, r1 = r0 + lda, r2 = r1 + lda, r3 = r2 + lda;
            for (int p = 0; p < kc4; p += 4)
            {
                Lanes.StoreTransposed(Vector128.Load(r0 + p), Vector128.Load(r1 + p), Vector128.Load(r2 + p),
                    Vector128.Load(r3 + p), dest + p * mr + i, mr);   // r0..r3 at steps p .. p + 3
            }
            for (int p = kc4; p < kc; p++)
            {
                float* d = dest + p * mr + i;
                d[0] = r0[p]; d[1] = r1[p]; d[2] = r2[p]; d[3] = r3[p];
            }
        }
        if (i + 2 <= h)
        {
            float* r0 = a + (long)i * lda, r1 = r0 + lda;
            for (int p = 0; p < kc4; p += 4)
            {
                Vector128<float> x0 = Vector128.Load(r0 + p), x1 = Vector128.Load(r1 + p);
                var lo = Lanes.ZipLow(x0, x1).AsUInt64();
                var hi = Lanes.ZipHigh(x0, x1).AsUInt64();
                float* d = dest + p * mr + i;
                *(ulong*)d = lo.GetElement(0);
                *(ulong*)(d + mr) = lo.GetElement(1);
                *(ulong*)(d + 2 * mr) = hi.GetElement(0);
                *(ulong*)(d + 3 * mr) = hi.GetElement(1);
            }
            for (int p = kc4; p < kc; p++)
            {
                dest[p * mr + i] = r0[p];
                dest[p * mr + i + 1] = r1[p];
            }
            i += 2;
        }
        if (i < h)
        {
            float* r0 = a + (long)i * lda;
            for (int p = 0; p < kc; p++)
            {
                dest[p * mr + i] = r0[p];
            }
        }
    }
}
