// The fast CPU backend's GEMM forced onto each width of its one micro-kernel (512, 256, 128 bits) and the scalar
// kernel, at each thread count, against the reference, so every width is exercised on a machine that has the widest;
// and the unpacked product the phase-split weight gradient runs (StridedGemm) at every width.
namespace Engine.Tests.FastCpu;

using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;
using Engine.Kernels.Cpu.Reference;
using NUnit.Framework;

public sealed class GemmFallbackTests
{
    [Test]
    public void EveryMicroKernelMatchesReference(
        [Values(SimdLevel.Scalar, SimdLevel.Vector128, SimdLevel.Vector256, SimdLevel.Vector512)] SimdLevel level,
        [Values(1, 2, 3)] int threads)
    {
        if (!SimdWidths.IsAccelerated(level))
        {
            Assert.Ignore($"{SimdWidths.Describe(level)} is not accelerated here ({SimdWidths.Summary()})");
        }
        using var backend = new CpuBackend(threads, level);
        var random = new Random(5);
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 17, 65), (65, 129, 17), (129, 64, 300), (17, 3, 129), (100, 260, 33),
            (256, 256, 40), (130, 1100, 20), (7, 4500, 9) })   // the last three: tasks split to a multiple of the threads, and past NC
        foreach (bool ta in new[] { false, true })
        foreach (bool tb in new[] { false, true })
        {
            var a = Values(m * k, random);
            var b = Values(k * n, random);
            var c = Values(m * n, random);
            var expected = (float[])c.Clone();
            ReferenceGemm.Run<float>(a, b, m, n, k, ta, tb, 1.5f, 0.5f, expected);
            using var ba = backend.Allocate(a.Length);
            using var bb = backend.Allocate(b.Length);
            using var bc = backend.Allocate(c.Length);
            ba.CopyFrom(a);
            bb.CopyFrom(b);
            bc.CopyFrom(c);
            backend.Gemm(ba, bb, m, n, k, ta, tb, 1.5f, 0.5f, bc);
            var actual = new float[c.Length];
            bc.CopyTo(actual);
            for (int i = 0; i < actual.Length; i++)
            {
                // |A|, |B| <= 1: each sum of k products is off by at most about 2 k u * k.
                Assert.That(actual[i], Is.EqualTo(expected[i]).Within(4e-7f * k * k + 1e-6f),
                    $"{level} threads={threads} m={m} n={n} k={k} tA={ta} tB={tb} element {i}");
            }
        }
    }

    [Test]
    public void StridedProductMatchesReferenceAtEveryWidth(
        [Values(SimdLevel.Scalar, SimdLevel.Vector128, SimdLevel.Vector256, SimdLevel.Vector512)] SimdLevel level)
    {
        if (!SimdWidths.IsAccelerated(level))
        {
            Assert.Ignore($"{SimdWidths.Describe(level)} is not accelerated here ({SimdWidths.Summary()})");
        }
        var random = new Random(11);
        // (m, n, k, lda, ldb): tiles that fit, edges in rows and columns, rows wider than the columns used.
        foreach (var (m, n, k, lda, ldb) in new[] { (32, 32, 300, 32, 32), (7, 5, 33, 7, 5), (64, 17, 129, 70, 40), (1, 1, 1, 1, 1), (13, 48, 90, 13, 50) })
        {
            // The operands' rows in place; past the last row only NaN (what StridedGemm.Slack allows it to read).
            var a = Values(k * lda, random).Concat(Enumerable.Repeat(float.NaN, StridedGemm.Slack)).ToArray();
            var b = Values(k * ldb, random).Concat(Enumerable.Repeat(float.NaN, StridedGemm.Slack)).ToArray();
            var c = Values(m * n, random);
            var expected = new double[m * n];
            for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = c[i * n + j];
                for (int p = 0; p < k; p++) sum += (double)a[p * lda + i] * b[p * ldb + j];
                expected[i * n + j] = sum;
            }
            StridedGemm.AddTransposedProduct(a, lda, b, ldb, m, n, k, c, n, level);
            for (int i = 0; i < c.Length; i++)
            {
                Assert.That(c[i], Is.EqualTo(expected[i]).Within(4e-7 * k + 1e-6), $"{level} m={m} n={n} k={k} element {i}");
            }
        }
    }

    [Test]
    public void ThreadsSettingDefaultsToProcessorCountAndRejectsNegatives()
    {
        using var backend = new CpuBackend();
        Assert.That(backend.Threads, Is.EqualTo(Environment.ProcessorCount));
        backend.Threads = 1;
        Assert.That(backend.Threads, Is.EqualTo(1));
        backend.Threads = 0;
        Assert.That(backend.Threads, Is.EqualTo(Environment.ProcessorCount));
        Assert.Throws<ArgumentOutOfRangeException>(() => backend.Threads = -1);
    }

    private static float[] Values(int count, Random random) =>
        Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() * 2f - 1f).ToArray();
}
