// Optimizers against PyTorch (fixture optimizers.bin): a small MLP (Linear 6->16, Tanh, Linear 16->3) trained for
// 25 steps on an MSE loss; every step's loss and every parameter after the last step must match torch.optim.
namespace Engine.Tests.Parity;

using Engine.Nn;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class OptimizerParityTests
{
    private const int Steps = 25;

    private static IEnumerable<TestCaseData> Optimizers()
    {
        yield return Case("adam", ps => new Adam(ps, learningRate: 1e-2f));
        yield return Case("adam_wd", ps => new Adam(ps, learningRate: 1e-2f, beta1: 0.8f, beta2: 0.99f, eps: 1e-6f, weightDecay: 0.05f));
        yield return Case("sgd_momentum_wd", ps => new Sgd(ps, learningRate: 0.05f, momentum: 0.9f, weightDecay: 1e-2f));
        yield return Case("sgd_plain", ps => new Sgd(ps, learningRate: 0.1f));
    }

    [TestCaseSource(nameof(Optimizers))]
    public void StepsMatchPyTorch(string tag, Func<IEnumerable<Parameter>, Optimizer> create)
    {
        var fixture = FixtureFile.Torch("optimizers.bin");
        var mlp = new Sequential(new Linear(6, 16), new Tanh(), new Linear(16, 3));
        Formula.Initialize(mlp);
        var x = Formula.Tensor(new Shape(8, 6), 200);        // (B, I)
        var y = Formula.Tensor(new Shape(8, 3), 201, 0.5);   // (B, O)
        var optimizer = create(mlp.Parameters());
        var losses = new List<double>();
        for (int step = 0; step < Steps; step++)
        {
            optimizer.ZeroGrad();
            var loss = Functional.MseLoss(mlp.Forward(x), y);
            loss.Backward();
            losses.Add(loss.ToScalar());
            optimizer.Step();
        }

        double[] expected = fixture.GetScalars($"{tag}.losses");
        using (Assert.EnterMultipleScope())
        {
            for (int i = 0; i < Steps; i++) AssertTensor.Close(expected[i], losses[i], $"{tag}: loss of step {i}", rtol: 1e-5);
            foreach (var (name, parameter) in mlp.NamedParameters())
            {
                AssertTensor.Close(fixture.GetTensor($"{tag}.{name}"), parameter.Value, $"{tag}: {name} after {Steps} steps",
                    new Tolerance(1e-5, 1e-6));
            }
        }
    }

    private static TestCaseData Case(string tag, Func<IEnumerable<Parameter>, Optimizer> create) =>
        new TestCaseData(tag, create).SetName($"{tag}_{Steps}_steps");
}
