// The course's convolutional autoencoder against PyTorch (fixture course_autoencoder.bin): step-0 reconstruction,
// loss and every parameter gradient (train-mode batch norm), then 10 Adam steps' losses, running statistics, eval loss.
// Tolerances come from the fixture: PyTorch's own float32 run vs its float64 reference (the *_noise entries) bounds
// what float32 rounding alone explains; we allow a few times that.
// Module tree (identical in tools/make_torch_fixtures.py, so state-dict names match; latent Z = 24, batch 4, 28 x 28):
//   encoder = Sequential(
//     0: Sequential(Conv2d(1, 32, 3, stride=2, padding=1), BatchNorm2d(32), LeakyReLU(0.01)),       28 -> 14
//     1: Sequential(Conv2d(32, 64, 3, stride=2, padding=1), BatchNorm2d(64), LeakyReLU(0.01)),      14 -> 7
//     2: Sequential(Conv2d(64, 128, 3, stride=2, padding=1), BatchNorm2d(128), LeakyReLU(0.01)),    7 -> 4
//     3: Sequential(Conv2d(128, 256, 3, stride=2, padding=1), BatchNorm2d(256), LeakyReLU(0.01)),   4 -> 2
//     4: Sequential(Conv2d(256, 512, 1), BatchNorm2d(512), LeakyReLU(0.01)),                        2 -> 2
//     5: Flatten(),  6: Linear(512 * 2 * 2, Z))
//   decoder = Sequential(
//     0: Linear(Z, 512),  1: Unflatten(1, (512, 1, 1)),
//     2: Sequential(ConvTranspose2d(512, 256, 3, stride=2, padding=1, output_padding=1), BatchNorm2d(256), LeakyReLU(0.01)),  1 -> 2
//     3: Sequential(ConvTranspose2d(256, 128, 3, stride=2, padding=1, output_padding=1), BatchNorm2d(128), LeakyReLU(0.01)),  2 -> 4
//     4: Sequential(ConvTranspose2d(128, 64, 3, stride=2, padding=1, output_padding=0), BatchNorm2d(64), LeakyReLU(0.01)),    4 -> 7
//     5: Sequential(ConvTranspose2d(64, 32, 3, stride=2, padding=1, output_padding=1), BatchNorm2d(32), LeakyReLU(0.01)),     7 -> 14
//     6: Sequential(ConvTranspose2d(32, 32, 3, stride=2, padding=1, output_padding=1), BatchNorm2d(32), LeakyReLU(0.01)),    14 -> 28
//     7: Conv2d(32, 1, 7, padding=3),  8: Sigmoid())                                                                           28 -> 28
// Loss: binary cross-entropy with reduction "sum" over the batch (PyTorch F.binary_cross_entropy(recon, x, reduction="sum")).
namespace Engine.Tests.Parity;

using Engine.Autograd;
using Engine.Models;
using Engine.Nn;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class CourseAutoencoderParityTests
{
    private const int Latent = 24, Batch = 4, Steps = 10;
    private const double Slack = 5;   // allowed multiple of PyTorch's own float32 deviation

    private readonly Dictionary<string, float[]> _step0Grads = [];
    private readonly List<double> _losses = [];
    private FixtureFile _fixture = null!;
    private Autoencoder _model = null!;
    private float[] _step0Reconstruction = [];
    private double _evalLoss;

    /// <summary>One run shared by the tests below: 10 Adam steps (lr 1e-3) with the step-0 state recorded.</summary>
    [OneTimeSetUp]
    public void Train()
    {
        _fixture = FixtureFile.Torch("course_autoencoder.bin");
        _model = new Autoencoder(Latent, ImageShape.FashionMnist);   // the production model (src/Models)
        Formula.Initialize(_model);
        var x = Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5);   // images in [0, 1]
        var optimizer = new Adam(_model.Parameters(), learningRate: 1e-3f);
        for (int step = 0; step < Steps; step++)
        {
            optimizer.ZeroGrad();
            var reconstruction = _model.Forward(x);
            var loss = Functional.BinaryCrossEntropy(reconstruction, x, Reduction.Sum);
            loss.Backward();
            _losses.Add(loss.ToScalar());
            if (step == 0)
            {
                _step0Reconstruction = reconstruction.ToArray();
                foreach (var (name, p) in _model.NamedParameters()) _step0Grads[name] = p.Grad?.ToArray() ?? [];
            }
            optimizer.Step();
        }
        _model.Eval();
        using (NoGrad.Scope())
        {
            _evalLoss = Functional.BinaryCrossEntropy(_model.Forward(x), x, Reduction.Sum).ToScalar();
        }
    }

    [Test]
    public void ParameterNamesMatchPyTorch()
    {
        var ours = _model.NamedParameters().Select(p => p.Name).ToArray();
        var theirs = _fixture.Names.Where(n => n.StartsWith("grad.", StringComparison.Ordinal) || n.StartsWith("grad_sampled.", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf('.') + 1)..]).ToArray();
        Assert.That(ours, Is.EquivalentTo(theirs));
        Assert.That(ours, Has.Length.EqualTo((int)_fixture.GetScalars("parameter_names_count")[0]));
    }

    [Test]
    public void FirstStepReconstructionAndLoss()
    {
        var expected = _fixture.GetTensor("step0.reconstruction");
        double noise = _fixture.GetScalars("step0.reconstruction_noise")[0];
        AssertTensor.Close(expected.Values, _step0Reconstruction, expected.Dims, "step-0 reconstruction", new Tolerance(1e-5, 1e-6 + Slack * noise));
        AssertTensor.Close(_fixture.GetScalars("adam_losses")[0], _losses[0], "step-0 BCE loss", rtol: 1e-5);
    }

    [Test]
    public void FirstStepEveryParameterGradient()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, grad) in _step0Grads)
            {
                Assert.That(grad, Is.Not.Empty, $"{name}: no gradient");
                if (IsExactlyZero(name))
                {
                    CheckZeroGradient(name, grad);
                }
                else if (_fixture.Contains("grad." + name))
                {
                    var expected = _fixture.GetTensor("grad." + name);
                    AssertTensor.Close(expected.Values, grad, expected.Dims, $"d loss / d {name}", GradientTolerance(name, expected.Values));
                }
                else
                {
                    CheckSampledGradient(name, grad);
                }
            }
        }
    }

    [Test]
    public void AdamLossesMatchPyTorch()
    {
        double[] expected = _fixture.GetScalars("adam_losses");
        Assert.That(_losses, Has.Count.EqualTo(expected.Length));
        using (Assert.EnterMultipleScope())
        {
            double[] float32 = _fixture.GetScalars("adam_losses_float32");
            double envelope = 0;   // the largest relative deviation of PyTorch's float32 run so far (Adam amplifies rounding)
            for (int i = 0; i < expected.Length; i++)
            {
                envelope = Math.Max(envelope, Math.Abs(float32[i] - expected[i]) / Math.Abs(expected[i]));
                AssertTensor.Close(expected[i], _losses[i], $"loss of step {i}", rtol: 2e-5 + Slack * envelope);
            }
        }
    }

    [Test]
    public void RunningStatisticsAfterAdamSteps()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, entry) in _model.StateDict())
            {
                if (entry.Buffer is not { } buffer) continue;
                if (buffer.IsCounter)
                {
                    Assert.That(buffer.Counter, Is.EqualTo((long)_fixture.GetScalars("state." + name)[0]), name);
                }
                else
                {
                    double noise = _fixture.GetScalars("state_noise." + name)[0];
                    AssertTensor.Close(_fixture.GetTensor("state." + name), buffer.Values!, name, new Tolerance(1e-5, 1e-6 + Slack * noise));
                }
            }
        }
    }

    [Test]
    public void EvalModeLossAfterAdamSteps()
    {
        double[] expected = _fixture.GetScalars("eval_loss");   // float64 reference, PyTorch float32
        double noise = Math.Abs(expected[1] - expected[0]) / expected[0];
        var train = _fixture.GetScalars("adam_losses").Zip(_fixture.GetScalars("adam_losses_float32"));
        noise = Math.Max(noise, train.Max(pair => Math.Abs(pair.Second - pair.First) / pair.First));   // same drifted weights
        AssertTensor.Close(expected[0], _evalLoss, "eval-mode BCE after 10 steps", rtol: 2e-5 + Slack * noise);
    }

    /// <summary>Per tensor: 1e-4 relative, plus a few times PyTorch's own float32 deviation and 1e-6 of the largest value.</summary>
    private Tolerance GradientTolerance(string name, float[] expected) =>
        new(1e-4, Slack * _fixture.GetScalars("grad_noise." + name)[0] + 1e-6 * expected.Max(MathF.Abs));

    /// <summary>A conv bias followed by train-mode batch norm: the norm subtracts it again, so its gradient is exactly 0
    /// (the float64 reference shows ~1e-13).</summary>
    private bool IsExactlyZero(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal) && _fixture.GetTensor("grad." + name).Values.Max(MathF.Abs) < 1e-10f;

    /// <summary>Its rounding error is that of the M-term sum of dOutput, the same sum (times inputs) that gives the weight's
    /// gradient: we allow 1e-4 of the largest weight-gradient value.</summary>
    private void CheckZeroGradient(string name, float[] grad)
    {
        string weight = name[..^".bias".Length] + ".weight";
        var weightGrad = _fixture.Contains("grad." + weight) ? _fixture.GetTensor("grad." + weight) : _fixture.GetTensor("grad_sampled." + weight);
        double bound = 1e-4 * weightGrad.Values.Max(MathF.Abs);
        Assert.That(grad.Max(MathF.Abs), Is.LessThanOrEqualTo(bound), $"d loss / d {name} must be 0 (bias before batch norm)");
    }

    /// <summary>A large gradient: every s-th value, then the full-tensor sum, sum of squares and a sin-probe dot product.</summary>
    private void CheckSampledGradient(string name, float[] grad)
    {
        var sampled = _fixture.GetTensor("grad_sampled." + name);
        double[] projections = _fixture.GetScalars("grad_projections." + name);   // stride, sum, sum of squares, probe dot
        int stride = (int)projections[0];
        float[] ours = [.. grad.Where((_, i) => i % stride == 0)];
        AssertTensor.Close(sampled.Values, ours, sampled.Dims, $"d loss / d {name} (every {stride}th value)", GradientTolerance(name, sampled.Values));
        float[] probe = Formula.Values(grad.Length, 7777);
        double sum = 0, squares = 0, dot = 0;
        for (int i = 0; i < grad.Length; i++) (sum, squares, dot) = (sum + grad[i], squares + grad[i] * (double)grad[i], dot + grad[i] * (double)probe[i]);
        double spread = Math.Sqrt(grad.Length) * GradientTolerance(name, sampled.Values).Atol;   // n independent errors
        AssertTensor.Close(projections[1], sum, $"sum of d loss / d {name}", 1e-5, spread);
        AssertTensor.Close(projections[2], squares, $"sum of squares of d loss / d {name}", 1e-4);
        AssertTensor.Close(projections[3], dot, $"probe dot d loss / d {name}", 1e-5, spread);
    }
}
