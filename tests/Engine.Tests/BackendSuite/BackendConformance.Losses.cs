// Conformance: the fused losses (BCE and cross-entropy: forward sums and backward), random fills, the VAE reparametrization and the
// optimizer updates. Random numbers come from Philox and must match the reference bit for bit.
namespace Engine.Tests.BackendSuite;

using NUnit.Framework;

public abstract partial class BackendConformance
{
    [TestCase(1)]
    [TestCase(257)]
    [TestCase(64 * 784)]
    public void ReconstructionLossesMatchReference(int count)
    {
        var p = Random(count, 110, 0.001f, 0.999f);
        var t = Random(count, 111, 0f, 1f);
        var dLoss = new[] { 0.75f };
        var (actual, expected) = Both(s =>
        {
            var prediction = s.Up(p);
            var target = s.Up(t);
            var dOutput = s.Up(dLoss);
            var bce = s.Alloc(1);
            var dBce = s.Alloc(count);
            s.B.BceForward(prediction, target, count, bce);
            s.B.BceBackward(prediction, target, dOutput, count, 1f / count, dBce);
            return [s.Down(bce), s.Down(dBce)];
        });
        // Sums of count positive terms: relative error grows with count (different summation order).
        float sumTolerance = 2f * (count + 2) * Unit;
        AssertClose(actual[0], expected[0], sumTolerance + 1e-6f, 0f, $"BceForward {count}");
        AssertClose(actual[1], expected[1], 1e-5f, 1e-9f, $"BceBackward {count}");
    }

    [TestCase(1, 1)]
    [TestCase(64, 10)]
    public void CrossEntropyMatchesReference(int rows, int cols)
    {
        int count = rows * cols;
        var logits = Random(count, 120, -4f, 4f);
        var target = Random(count, 121, 0f, 1f);
        var dLoss = new[] { 1.25f };
        var (actual, expected) = Both(s =>
        {
            var b = s.B;
            var dOutput = s.Up(dLoss);
            var ce = s.Alloc(1);
            var dCe = s.Alloc(count);
            b.CrossEntropyForward(s.Up(logits), s.Up(target), rows, cols, ce);
            b.CrossEntropyBackward(s.Up(logits), s.Up(target), dOutput, rows, cols, 0.5f, dCe);
            return [s.Down(ce), s.Down(dCe)];
        });
        string[] names = ["CrossEntropyForward", "CrossEntropyBackward"];
        for (int i = 0; i < names.Length; i++)
        {
            AssertClose(actual[i], expected[i], 1e-5f, 1e-6f, $"{names[i]} {rows}x{cols}");
        }
    }

    [TestCase(1)]
    [TestCase(4097)]
    public void RandomFillsAndReparametrizationMatchReferenceExactly(int count)
    {
        var mu = Random(count, 130);
        var logVar = Random(count, 131);
        var dZ = Random(count, 132);
        var (actual, expected) = Both(s =>
        {
            var b = s.B;
            var uniform = s.Alloc(count);
            var normal = s.Alloc(count);
            var z = s.Alloc(count);
            var eps = s.Alloc(count);
            var dMu = s.Alloc(count);
            var dLogVar = s.Alloc(count);
            b.RandomUniform(42, 1000, count, -2f, 3f, uniform);
            b.RandomNormal(42, 7, count, 0.5f, 2f, normal);
            b.Reparametrize(s.Up(mu), s.Up(logVar), 9, 3, count, z, eps);
            b.ReparametrizeBackward(s.Up(logVar), eps, s.Up(dZ), count, dMu, dLogVar);
            return [s.Down(uniform), s.Down(normal), s.Down(z), s.Down(eps), s.Down(dMu), s.Down(dLogVar)];
        });
        // The random streams are exact; exp inside reparametrize may differ by an ulp on other backends.
        AssertClose(actual[0], expected[0], 1e-6f, 1e-6f, "RandomUniform");
        AssertClose(actual[1], expected[1], 1e-6f, 1e-6f, "RandomNormal");
        for (int i = 2; i < 6; i++)
        {
            AssertClose(actual[i], expected[i], 1e-6f, 1e-6f, $"Reparametrize output {i}");
        }
    }

    [TestCase(1, 0f)]
    [TestCase(70001, 0.01f)]
    public void OptimizerStepsMatchReference(int count, float weightDecay)
    {
        var p = Random(count, 140);
        var g = Random(count, 141);
        var m = Random(count, 142, -0.1f, 0.1f);
        var v = Random(count, 143, 0f, 0.01f);
        var (actual, expected) = Both(s =>
        {
            var b = s.B;
            var adamParam = s.Up(p);
            var adamM = s.Up(m);
            var adamV = s.Up(v);
            var grad = s.Up(g);
            for (int step = 1; step <= 3; step++)
            {
                b.AdamStep(grad, count, 1e-3f, 0.9f, 0.999f, 1e-8f, weightDecay, step, adamParam, adamM, adamV);
            }
            var sgdParam = s.Up(p);
            var sgdMomentum = s.Up(m);
            b.SgdStep(grad, count, 0.1f, 0.9f, weightDecay, sgdParam, sgdMomentum);
            var plainParam = s.Up(p);
            b.SgdStep(grad, count, 0.1f, 0f, weightDecay, plainParam, s.Up(m));
            return [s.Down(adamParam), s.Down(adamM), s.Down(adamV), s.Down(sgdParam), s.Down(sgdMomentum), s.Down(plainParam)];
        });
        string[] names = ["Adam param", "Adam m", "Adam v", "SGD param", "SGD momentum", "SGD (no momentum) param"];
        for (int i = 0; i < names.Length; i++)
        {
            AssertClose(actual[i], expected[i], 1e-6f, 1e-7f, $"{names[i]} count {count} wd {weightDecay}");
        }
    }
}
