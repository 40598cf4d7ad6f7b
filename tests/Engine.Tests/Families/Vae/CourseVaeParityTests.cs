// The production variational autoencoder (src/Models/Families/Vae/VariationalAutoencoder.cs) against PyTorch (fixture course_vae.bin):
// one training step (eps, mu / logVar, reconstruction, BCE and KL terms, every parameter gradient), then 10 Adam steps
// (lr 1e-3): losses, running statistics, eval-mode loss. Tolerances come from the fixture's *_noise entries as in
// CourseAutoencoderParityTests (PyTorch's own float32 run vs its float64 reference, times Slack).
// Module tree: CourseAutoencoderParityTests's, with the course's Encoder(2Z) (Z = 2, batch 4, 28 x 28):
// encoder.encoder.6 = Linear(2048, 2Z), decoder.linear = Linear(Z, 512).
// Forward: h = encoder(x), mu = h[:, :Z], logVar = h[:, Z:], z = mu + eps exp(logVar / 2), recon = decoder(z); eps of
// step s = Philox normals of Generator(seed) at offset s * batch * Z (the generator advances by batch * Z per step).
// Loss: BCE with reduction "mean" over all pixels (F.binary_cross_entropy(recon, x), our Reduction.Mean)
//   + 0.005 KL, KL = -1/2 sum(1 + logVar - mu^2 - exp(logVar)) / batch (summed over latent dims, mean over the batch,
//   our Reduction.BatchMean): VariationalAutoencoder.Loss's defaults, passed explicitly below.
namespace Engine.Tests.Families.Vae;

using Engine.Autograd;
using Engine.Kernels;
using Engine.Models;
using Engine.Nn;
using Engine.Tests.Parity;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class CourseVaeParityTests
{
    private const int Latent = 2, Batch = 4, Steps = 10;
    private const double Slack = 5;   // allowed multiple of PyTorch's own float32 deviation

    private readonly Dictionary<string, float[]> _step0Grads = [];
    private readonly List<double> _losses = [];
    private FixtureFile _fixture = null!;
    private ModelParity _checks = null!;
    private VariationalAutoencoder _model = null!;
    private Generator _generator = null!;
    private float[] _step0Reconstruction = [], _step0Mu = [], _step0LogVar = [];
    private double _step0Bce, _step0Kl, _evalLoss;

    /// <summary>One run shared by the tests below: 10 Adam steps (lr 1e-3) with the step-0 state recorded.</summary>
    [OneTimeSetUp]
    public void Train()
    {
        _fixture = FixtureFile.Torch("course_vae.bin");
        _checks = new ModelParity(_fixture, Slack);
        float klWeight = (float)_fixture.GetScalars("kl_weight")[0];
        _model = new VariationalAutoencoder(Latent, ImageShape.FashionMnist);   // the production model (src/Models)
        Formula.Initialize(_model);
        var x = Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5);   // images in [0, 1]
        _generator = new Generator((ulong)_fixture.GetScalars("seed")[0]);
        var optimizer = new Adam(_model.Parameters(), learningRate: 1e-3f);
        for (int step = 0; step < Steps; step++)
        {
            optimizer.ZeroGrad();
            var (reconstruction, mu, logVar) = _model.Forward(x, _generator);
            var (loss, bce, kl) = VariationalAutoencoder.Loss(reconstruction, x, mu, logVar, klWeight, Reduction.Mean, Reduction.BatchMean);
            loss.Backward();
            _losses.Add(loss.ToScalar());
            if (step == 0)
            {
                (_step0Reconstruction, _step0Mu, _step0LogVar) = (reconstruction.ToArray(), mu.ToArray(), logVar.ToArray());
                (_step0Bce, _step0Kl) = (bce.ToScalar(), kl.ToScalar());
                foreach (var (name, p) in _model.NamedParameters()) _step0Grads[name] = p.Grad?.ToArray() ?? [];
            }
            optimizer.Step();
        }
        _model.Eval();
        using (NoGrad.Scope())
        {
            var (reconstruction, mu, logVar) = _model.Forward(x, _generator);   // eval mode: z = mu, no draw
            _evalLoss = VariationalAutoencoder.Loss(reconstruction, x, mu, logVar, klWeight).Total.ToScalar();
        }
    }

    [Test]
    public void ParameterNamesMatchPyTorch() => _checks.ParameterNamesMatch(_model);

    [Test]
    public void EpsIsTheFixturesPhiloxStream()
    {
        ulong seed = (ulong)_fixture.GetScalars("seed")[0];
        using (Assert.EnterMultipleScope())
        {
            foreach (int step in new[] { 0, 9 })
            {
                var expected = _fixture.GetTensor($"eps.step{step}");
                ulong offset = (ulong)(step * Batch * Latent);
                float[] ours = [.. Enumerable.Range(0, expected.Values.Length).Select(i => Philox.Normal(seed, offset + (ulong)i))];
                AssertTensor.Close(expected.Values, ours, expected.Dims, $"eps of step {step} vs the numpy Philox", Tolerance.Elementwise);
            }
            Assert.That(_generator.Offset, Is.EqualTo((ulong)(Steps * Batch * Latent)), "one batch * Z draw per training step, none in eval");
        }
    }

    [Test]
    public void FirstStepMuAndLogVar()
    {
        using (Assert.EnterMultipleScope())
        {
            var mu = _fixture.GetTensor("step0.mu");
            AssertTensor.Close(mu.Values, _step0Mu, mu.Dims, "step-0 mu", _checks.NoiseTolerance("step0.mu_noise"));
            var logVar = _fixture.GetTensor("step0.logvar");
            AssertTensor.Close(logVar.Values, _step0LogVar, logVar.Dims, "step-0 logVar", _checks.NoiseTolerance("step0.logvar_noise"));
        }
    }

    [Test]
    public void FirstStepReconstruction()
    {
        var expected = _fixture.GetTensor("step0.recon");
        AssertTensor.Close(expected.Values, _step0Reconstruction, expected.Dims, "step-0 reconstruction", _checks.NoiseTolerance("step0.recon_noise"));
    }

    [Test]
    public void FirstStepLossAndItsTerms()
    {
        using (Assert.EnterMultipleScope())
        {
            AssertTerm("step0.bce", _step0Bce, "step-0 BCE (mean)");
            AssertTerm("step0.kl", _step0Kl, "step-0 KL (batch mean)");
            AssertTensor.Close(_fixture.GetScalars("adam_losses")[0], _losses[0], "step-0 loss = BCE + 0.005 KL", rtol: 1e-5);
        }
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
        AssertTensor.Close(expected, _evalLoss, "eval-mode loss (z = mu) after 10 steps", rtol: 2e-5 + Slack * noise);
    }

    /// <summary>A scalar [float64 reference, PyTorch float32] pair: 1e-5 relative plus a few times float32's deviation.</summary>
    private void AssertTerm(string name, double actual, string what)
    {
        double[] pair = _fixture.GetScalars(name);
        double noise = Math.Abs(pair[1] - pair[0]) / Math.Abs(pair[0]);
        AssertTensor.Close(pair[0], actual, what, rtol: 1e-5 + Slack * noise);
    }
}
