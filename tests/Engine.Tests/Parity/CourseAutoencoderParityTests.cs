// The course's convolutional autoencoder against PyTorch (fixture course_autoencoder.bin): step-0 reconstruction,
// loss and every parameter gradient (train-mode batch norm), then 10 Adam steps' losses, running statistics, eval loss.
// Tolerances come from the fixture: PyTorch's own float32 run vs its float64 reference (the *_noise entries) bounds
// what float32 rounding alone explains; we allow a few times that.
// Module tree: the notebook's classes (tools/course_networks.py, src/Models/CourseNetworks.cs), so state-dict names
// match; latent Z = 24, batch 4, 28 x 28. Blocks are [conv, BatchNorm2d, LeakyReLU(0.01)]:
//   encoder = Encoder(Z): encoder = Sequential(
//     0: Conv2d(1, 32, 3, s2, p1) block  28 -> 14      1: Conv2d(32, 64, 3, s2, p1) block    14 -> 7
//     2: Conv2d(64, 128, 3, s2, p1) block  7 -> 4      3: Conv2d(128, 256, 3, s2, p1) block   4 -> 2
//     4: Conv2d(256, 512, 1) block         2 -> 2      5: Flatten(),  6: Linear(2048, Z))
//   decoder = Decoder(Z): linear = Linear(Z, 512), viewed as (512, 1, 1); decoder = Sequential(
//     0: ConvTranspose2d(512, 256, 3, s2, p1, op1) block  1 -> 2    1: ConvTranspose2d(256, 128, ...) block  2 -> 4
//     2: ConvTranspose2d(128, 64, ...) block              4 -> 8    3: ConvTranspose2d(64, 32, ...) block    8 -> 16
//     4: Sequential(ConvTranspose2d(32, 32, ...), BatchNorm2d(32), LeakyReLU, Conv2d(32, 1, 7, p1), Sigmoid)  16 -> 32 -> 28)
// Names: encoder.encoder.0.0.weight ... encoder.encoder.6.bias, decoder.linear.weight, decoder.decoder.0.0.weight ...
// decoder.decoder.4.3.bias.
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
    private ModelParity _checks = null!;
    private Autoencoder _model = null!;
    private float[] _step0Reconstruction = [];
    private double _evalLoss;

    /// <summary>One run shared by the tests below: 10 Adam steps (lr 1e-3) with the step-0 state recorded.</summary>
    [OneTimeSetUp]
    public void Train()
    {
        _fixture = FixtureFile.Torch("course_autoencoder.bin");
        _checks = new ModelParity(_fixture, Slack);
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
    public void ParameterNamesMatchPyTorch() => _checks.ParameterNamesMatch(_model);

    [Test]
    public void FirstStepReconstructionAndLoss()
    {
        var expected = _fixture.GetTensor("step0.reconstruction");
        AssertTensor.Close(expected.Values, _step0Reconstruction, expected.Dims, "step-0 reconstruction", _checks.NoiseTolerance("step0.reconstruction_noise"));
        AssertTensor.Close(_fixture.GetScalars("adam_losses")[0], _losses[0], "step-0 BCE loss", rtol: 1e-5);
    }

    [Test]
    public void FirstStepEveryParameterGradient() => _checks.EveryParameterGradient(_step0Grads);

    [Test]
    public void AdamLossesMatchPyTorch() => _checks.AdamLosses(_losses);

    [Test]
    public void RunningStatisticsAfterAdamSteps() => _checks.RunningStatistics(_model);

    [Test]
    public void EvalModeLossAfterAdamSteps()
    {
        double expected = _fixture.GetScalars("eval_loss")[0];   // float64 reference (then PyTorch float32)
        double noise = _checks.RelativeNoise("eval_loss");       // same drifted weights as the training losses
        AssertTensor.Close(expected, _evalLoss, "eval-mode BCE after 10 steps", rtol: 2e-5 + Slack * noise);
    }
}
