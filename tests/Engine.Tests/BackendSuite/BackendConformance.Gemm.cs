// Conformance: GEMM with every transpose, alpha/beta, and sizes that are not multiples of any tile width.
namespace Engine.Tests.BackendSuite;

using NUnit.Framework;

public abstract partial class BackendConformance
{
    /// <summary>Every m, n and k of the all-sizes test: around the CPU kernels' blocks and the 64 x 64 GPU tile.</summary>
    protected virtual int[] GemmSizes => [1, 3, 17, 64, 65, 129];

    [Test]
    public void GemmMatchesReferenceForAllSizes([Values] bool transposeA, [Values] bool transposeB)
    {
        int seed = 1;
        foreach (int m in GemmSizes)
        foreach (int n in GemmSizes)
        foreach (int k in GemmSizes)
        {
            CheckGemm(m, n, k, transposeA, transposeB, 1f, 0f, seed++);
        }
    }

    [TestCase(1.5f, 0f)]
    [TestCase(1f, 1f)]
    [TestCase(-0.5f, 2f)]
    [TestCase(0f, 0.5f)]
    [TestCase(0f, 0f)]
    public void GemmAppliesAlphaAndBeta(float alpha, float beta)
    {
        foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
        {
            CheckGemm(65, 129, 17, ta, tb, alpha, beta, 7);
            CheckGemm(3, 17, 300, ta, tb, alpha, beta, 8);     // K larger than one depth block
        }
    }

    [TestCase(256, 256, 256)]
    [TestCase(130, 300, 520)]
    public void GemmMatchesReferenceOnLargerBlocks(int m, int n, int k)
    {
        SkipIfHeavy((long)m * n * k, $"Gemm {m}x{n}x{k}");
        CheckGemm(m, n, k, false, true, 1f, 1f, 11);
    }

    private void CheckGemm(int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta, int seed)
    {
        var a = Random(m * k, seed);
        var b = Random(k * n, seed + 1000);
        var c = Random(m * n, seed + 2000);
        var (actual, expected) = Both(s =>
        {
            var cBuffer = beta == 0f ? s.Alloc(m * n) : s.Up(c);   // beta = 0: C holds NaN and must not be read
            s.B.Gemm(s.Up(a), s.Up(b), m, n, k, transposeA, transposeB, alpha, beta, cBuffer);
            return [s.Down(cBuffer)];
        });
        // The bound: |alpha| |op(A)| |op(B)| + |beta C|, through the reference.
        var bound = OnReference(s =>
        {
            var cBuffer = s.Up(Abs(c));
            s.B.Gemm(s.Up(Abs(a)), s.Up(Abs(b)), m, n, k, transposeA, transposeB, MathF.Abs(alpha), MathF.Abs(beta), cBuffer);
            return [s.Down(cBuffer)];
        });
        AssertSumsClose(actual[0], expected[0], bound[0], k,
            $"Gemm m={m} n={n} k={k} tA={transposeA} tB={transposeB} alpha={alpha} beta={beta}");
    }
}
