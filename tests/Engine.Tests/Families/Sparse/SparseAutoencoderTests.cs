// The sparse autoencoders: the activation mappings and penalties on hand-made codes, and a loss that falls over a few
// Adam steps on a small slice of the real data, for both penalties.
namespace Engine.Tests.Families.Sparse;

using Engine.Memory;
using Engine.Models;
using Engine.Nn;
using Engine.Nn.Data;

public class SparseAutoencoderTests
{
    [Test]
    public void L1MapsCodesToZeroOneAndSumsOverUnits()
    {
        var model = new SparseAutoencoder(4, ImageShape.FashionMnist, SparsityPenalty.L1);
        using var noGrad = NoGrad.Scope();
        var z = Tensor.FromArray([0f, 2f, -2f, 50f, 0f, 0f, 0f, 0f], 2, 4);
        var a = model.Activate(z).ToArray();
        float s2 = 2f * (1f / (1f + MathF.Exp(-2f)) - 0.5f);
        Assert.That(a, Is.EqualTo(new[] { 0f, s2, s2, 1f, 0f, 0f, 0f, 0f }).Within(1e-6f));
        Assert.That(model.Sparsity(z, 0.05f).ToScalar(), Is.EqualTo((2 * s2 + 1f) / 2).Within(1e-5f), "sum over units, mean over batch");
    }

    [Test]
    public void KlIsZeroAtTheTargetAndPositiveElsewhere()
    {
        var model = new SparseAutoencoder(3, ImageShape.FashionMnist, SparsityPenalty.Kl);
        using var noGrad = NoGrad.Scope();
        float rho = 0.05f, logit = MathF.Log(rho / (1 - rho));                    // sigmoid(logit) = rho
        Assert.That(model.Sparsity(Tensor.Full(new Shape(4, 3), logit), rho).ToScalar(), Is.EqualTo(0f).Within(1e-5f));
        // sigmoid(0) = 0.5 for every unit: KL = 3 [rho ln(rho / 0.5) + (1 - rho) ln((1 - rho) / 0.5)].
        double expected = 3 * (rho * Math.Log(rho / 0.5) + (1 - rho) * Math.Log((1 - rho) / 0.5));
        Assert.That(model.Sparsity(Tensor.Zeros(4, 3), rho).ToScalar(), Is.EqualTo(expected).Within(1e-4));
    }

    [TestCase(SparsityPenalty.L1), TestCase(SparsityPenalty.Kl)]
    public void LossFallsOnASmallSlice(SparsityPenalty penalty)
    {
        var data = FashionMnist.Load(limit: 32).Train;
        Generator.ManualSeed(3);
        var model = new SparseAutoencoder(900, ImageShape.FashionMnist, penalty);
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var x = Tensor.FromArray(data.Images, data.Count, 1, 28, 28);
        var totals = new List<float>();
        for (int step = 0; step < 6; step++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var z = model.Encode(x);
            var (total, bce, sparsity) = model.Loss(model.Decode(z), x, z, beta: 1e-3f, rho: 0.05f);
            total.Backward();
            optimizer.Step();
            totals.Add(total.ToScalar());
            Assert.That(bce.ToScalar(), Is.GreaterThan(0f));
            Assert.That(sparsity.ToScalar(), Is.GreaterThanOrEqualTo(0f));
        }
        Assert.That(totals[^1], Is.LessThan(totals[0]), string.Join(", ", totals));
    }
}
