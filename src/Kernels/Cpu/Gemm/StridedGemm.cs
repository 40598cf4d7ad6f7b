// C (M, N) += A^T B with both operands depth-major and read in place, no packing: A stored (K, lda) and B (K, ldb), row
// p holding step p's M values of A and N values of B. That is the layout of the phase-split weight gradient
// (PhaseConvWeight: dOutput and the input channel-last), whose outputs are small (K x C per tap) and whose depth is long
// (every pixel of a chunk of images): there the blocked SGEMM packed the same dOutput once per tap, and packing
// cost as much as the multiply. Here the micro-kernel (IMicroKernel.RunStrided) reads the rows where they lie.
// One thread; the caller splits the work. A tile at the edge (fewer than MR rows or NR columns left) still reads
// whole MR / NR runs of a row: the operands must be readable MR floats past A's last row and NR past B's (the sums of
// those lanes are computed and dropped).
namespace Engine.Kernels.Cpu.Gemm;

using Engine.Kernels.Cpu.Simd;

internal static unsafe class StridedGemm
{
    /// <summary>Floats an operand must stay readable past its last row (the widest tile's over-read).</summary>
    public const int Slack = 32;

    /// <summary>C (m, n), row stride ldc, += A^T B over k steps; A rows lda apart, B rows ldb apart.</summary>
    public static void AddTransposedProduct(float* a, int lda, float* b, int ldb, int m, int n, int k, float* c, int ldc, SimdLevel level) =>
        MicroKernels.Run(level, new Job(a, lda, b, ldb, m, n, k, c, ldc));

    private readonly struct Job(float* a, int lda, float* b, int ldb, int m, int n, int k, float* c, int ldc) : IKernelJob
    {
        public void Run<TKernel>() where TKernel : struct, IMicroKernel => StridedGemm.Run<TKernel>(a, lda, b, ldb, m, n, k, c, ldc);
    }

    /// <summary>The same over spans, checked: A and B must reach <see cref="Slack"/> floats past their last row.</summary>
    public static void AddTransposedProduct(ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, int m, int n, int k,
        Span<float> c, int ldc, SimdLevel level)
    {
        if (m > lda || n > ldb || n > ldc || a.Length < (long)k * lda + Slack || b.Length < (long)k * ldb + Slack
            || c.Length < (long)(m - 1) * ldc + n)
        {
            throw new ArgumentException($"StridedGemm: operands too short for m={m} n={n} k={k} (A and B need {Slack} floats past their last row).");
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            AddTransposedProduct(pa, lda, pb, ldb, m, n, k, pc, ldc, level);
        }
    }

    // Columns outer (B's run for the tile stays in L1 while the rows' tiles reuse it), rows inner.
    private static void Run<TKernel>(float* a, int lda, float* b, int ldb, int m, int n, int k, float* c, int ldc)
        where TKernel : struct, IMicroKernel
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        float* edge = stackalloc float[mr * nr];
        for (int j = 0; j < n; j += nr)
        {
            int w = Math.Min(nr, n - j);
            for (int i = 0; i < m; i += mr)
            {
                int h = Math.Min(mr, m - i);
                if (h == mr && w == nr)
                {
                    TKernel.RunStrided(k, a + i, lda, b + j, ldb, c + (long)i * ldc + j, ldc, 1f, 1f);
                    continue;
                }
                TKernel.RunStrided(k, a + i, lda, b + j, ldb, edge, nr, 1f, 0f);
                for (int r = 0; r < h; r++)
                for (int q = 0; q < w; q++)
                {
                    c[(long)(i + r) * ldc + j + q] += edge[r * nr + q];
                }
            }
        }
    }
}
