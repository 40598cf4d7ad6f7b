// Conformance cases for GEMM: all transposes, alpha/beta, every m, n, k of size lists that straddle the CPU blocks and
// the 64 x 64 GPU tiles, and larger blocks; checked against the dot-product error bound.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

public static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> Gemm()
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (67, 45, 33), (130, 70, 129), (64, 64, 64), (3, 200, 17) })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    yield return Case($"Gemm {m}x{n}x{k} ta={ta} tb={tb}", (long)m * n * k, h =>
                    {
                        CheckGemm(h, m, n, k, ta, tb, 1, 0);            // C holds NaN: beta = 0 must not read it
                        CheckGemm(h, m, n, k, ta, tb, 0.5f, 1);
                    });
                }
            }
        }
        // Every m, n and k of a size list, around the CPU kernels' blocks and the tiles: the small list runs everywhere,
        // the large one (64 x 64 GPU tile edges) where the backend's budget allows.
        foreach (int[] sizes in new[] { new[] { 1, 3, 17, 33 }, new[] { 1, 3, 17, 64, 65, 129 } })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    long work = (long)sizes[^1] * sizes[^1] * sizes[^1];
                    yield return Case($"Gemm all sizes of {string.Join(",", sizes)} ta={ta} tb={tb}", work, h =>
                    {
                        foreach (int m in sizes)
                        foreach (int n in sizes)
                        foreach (int k in sizes)
                        {
                            CheckGemm(h, m, n, k, ta, tb, 1, 0);
                        }
                    });
                }
            }
        }
        foreach (var (alpha, beta) in new[] { (1.5f, 0f), (1f, 1f), (-0.5f, 2f), (0f, 0.5f), (0f, 0f) })
        {
            yield return Case($"Gemm alpha={alpha} beta={beta}", 65L * 129 * 17, h =>
            {
                foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    CheckGemm(h, 65, 129, 17, ta, tb, alpha, beta);
                    CheckGemm(h, 3, 17, 300, ta, tb, alpha, beta);     // K larger than one depth block
                }
            });
        }
        foreach (var (m, n, k) in new[] { (256, 256, 256), (130, 300, 520) })
        {
            yield return Case($"Gemm larger blocks {m}x{n}x{k}", (long)m * n * k, h => CheckGemm(h, m, n, k, false, true, 1, 1));
        }
    }

    /// <summary>
    /// C = alpha op(A) op(B) + beta C on both backends, checked against the dot-product error bound (the same product
    /// over |alpha| |op(A)| |op(B)| + |beta C| on the reference). With beta 0, C starts as NaN and must not be read.
    /// </summary>
    private static void CheckGemm(Harness h, int m, int n, int k, bool ta, bool tb, float alpha, float beta)
    {
        var a = h.Random(m * k);
        var b = h.Random(k * n);
        var c = beta == 0 ? h.Output(m * n) : h.Random(m * n);
        var bound = beta == 0 ? h.Const(m * n, 0) : h.Abs(c);
        var (absA, absB) = (h.Abs(a), h.Abs(b));
        h.Both((be, s) => be.Gemm(s(a), s(b), m, n, k, ta, tb, alpha, beta, s(c)));
        h.OnReference((be, s) => be.Gemm(s(absA), s(absB), m, n, k, ta, tb, MathF.Abs(alpha), MathF.Abs(beta), s(bound)));
        h.ExpectSums(c, bound, k, $"C of {m}x{n}x{k} ta={ta} tb={tb} alpha={alpha} beta={beta}");
    }
}
