// Reference matrix multiply: C = alpha * op(A) op(B) + beta * C, three plain loops.
// M, N = rows and columns of C, K = the contracted dimension.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceGemm
{
    public static void Run<T>(
        ReadOnlySpan<T> a, ReadOnlySpan<T> b, int m, int n, int k,
        bool transposeA, bool transposeB, T alpha, T beta, Span<T> c)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                T sum = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T x = transposeA ? a[p * m + i] : a[i * k + p]; // A: (M, K) or (K, M)
                    T y = transposeB ? b[j * k + p] : b[p * n + j]; // B: (K, N) or (N, K)
                    sum += x * y;
                }
                // beta = 0 must not read C: it may hold garbage (NaN) from the pool.
                c[i * n + j] = beta == T.Zero ? alpha * sum : alpha * sum + beta * c[i * n + j];
            }
        }
    }
}
