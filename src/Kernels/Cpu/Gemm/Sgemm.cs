// Fast float32 GEMM entry point: C = alpha * op(A) op(B) + beta * C (row-major, the IBackend.Gemm contract),
// dispatching to the one micro-kernel (VecKernel) at the widest vector the CPU accelerates (AVX-512, AVX2, SSE/NEON),
// or the scalar kernel, chosen at run time (MicroKernels.Run).
namespace Engine.Kernels.Cpu.Gemm;

using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Simd;

public static unsafe class Sgemm
{
    /// <summary>C (M, N) = alpha * op(A) (M, K) * op(B) (K, N) + beta * C; A stored (K, M) when transposed, B (N, K).</summary>
    public static void Run(
        float* a, float* b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta, float* c,
        int threads, ScratchPool scratch, SimdLevel level = SimdLevel.Auto)
    {
        if (m <= 0 || n <= 0)
        {
            return;
        }
        if (k <= 0 || alpha == 0f)
        {
            Scale(c, m * n, beta);
            return;
        }
        if (m == 1)
        {
            // c (1, N) = a (K) times op(B): B stored (K, N) combines rows, (N, K) is dotted row by row.
            Gemv.Run(b, a, n, k, rowsAreDepth: !transposeB, alpha, beta, c, threads, scratch);
            return;
        }
        if (n == 1)
        {
            // c (M, 1) = op(A) times b (K): A stored (M, K) is dotted row by row, (K, M) combines rows.
            Gemv.Run(a, b, m, k, rowsAreDepth: transposeA, alpha, beta, c, threads, scratch);
            return;
        }
        int lda = transposeA ? m : k, ldb = transposeB ? k : n;
        MicroKernels.Run(level, new Job(a, lda, transposeA, b, ldb, transposeB, m, n, k, alpha, beta, c, threads, scratch));
    }

    private readonly struct Job(
        float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, int m, int n, int k, float alpha, float beta,
        float* c, int threads, ScratchPool scratch) : IKernelJob
    {
        public void Run<TKernel>() where TKernel : struct, IMicroKernel =>
            BlockedGemm<TKernel>.Run(a, lda, transposeA, b, ldb, transposeB, m, n, k, alpha, beta, c, n, threads, scratch);
    }

    // C = beta * C; beta = 0 writes zeros without reading C (it may hold NaN from the pool).
    private static void Scale(float* c, int count, float beta)
    {
        var span = new Span<float>(c, count);
        if (beta == 0f)
        {
            span.Clear();
        }
        else if (beta != 1f)
        {
            System.Numerics.Tensors.TensorPrimitives.Multiply(span, beta, span);
        }
    }
}
