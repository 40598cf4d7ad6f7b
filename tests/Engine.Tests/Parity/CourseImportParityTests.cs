// Course-trained weights loaded as they are (fixtures course_{ae,vae}_encoder.safetensors + course_decoder24.safetensors,
// saved by tools/make_torch_fixtures.py from the notebook's Encoder(24 or 48) / Decoder(24) with perturbed batch-norm
// statistics): eval-mode latent and reconstruction with the loaded statistics, then one train-mode step (latent,
// reconstruction, loss, every parameter gradient, the updated running statistics) against PyTorch (course_import_*.bin).
// Also: the mismatches a user can make give one message naming the tensor and the file's apparent architecture.
namespace Engine.Tests.Parity;

using Engine.Autograd;
using Engine.Models;
using Engine.Nn;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture("ae")]
[TestFixture("vae")]
public sealed class CourseImportParityTests(string kind)
{
    private const int Latent = 24;
    private const double Slack = 5;   // allowed multiple of PyTorch's own float32 deviation

    private readonly Dictionary<string, float[]> _grads = [];
    private readonly Dictionary<string, float[]> _outputs = [];
    private readonly Dictionary<string, double> _scalars = [];
    private FixtureFile _fixture = null!;
    private ModelParity _checks = null!;
    private Module _model = null!;

    public static string EncoderFile(string kind) => FixtureFile.TorchPath($"course_{kind}_encoder.safetensors");

    public static string DecoderFile => FixtureFile.TorchPath($"course_decoder{Latent}.safetensors");

    [OneTimeSetUp]
    public void ImportAndStep()
    {
        _fixture = FixtureFile.Torch($"course_import_{kind}.bin");
        _checks = new ModelParity(_fixture, Slack);
        var x = _fixture.GetTensor("x").ToTensor();
        if (kind == "ae")
        {
            var ae = new Autoencoder(Latent, ImageShape.FashionMnist);
            CourseWeights.Import(ae, EncoderFile(kind), DecoderFile);
            _model = ae.Eval();
            using (NoGrad.Scope())
            {
                var z = ae.Encode(x);
                (_outputs["eval.latent"], _outputs["eval.reconstruction"]) = (z.ToArray(), ae.Decode(z).ToArray());
            }
            ae.Train();
            var latent = ae.Encode(x);
            var reconstruction = ae.Decode(latent);
            var loss = Autoencoder.Loss(reconstruction, x);
            loss.Backward();
            (_outputs["train.latent"], _outputs["train.reconstruction"]) = (latent.ToArray(), reconstruction.ToArray());
            _scalars["train.loss"] = loss.ToScalar();
        }
        else
        {
            var vae = new VariationalAutoencoder(Latent, ImageShape.FashionMnist);
            CourseWeights.Import(vae, EncoderFile(kind), DecoderFile);
            _model = vae.Eval();
            var generator = new Generator(20240611);   // VAE_SEED of the fixture script; eps = its Philox stream at offset 0
            using (NoGrad.Scope())
            {
                var (reconstruction, mu, _) = vae.Forward(x, generator);   // eval mode: z = mu
                (_outputs["eval.latent"], _outputs["eval.reconstruction"]) = (mu.ToArray(), reconstruction.ToArray());
            }
            vae.Train();
            var (recon, m, logVar) = vae.Forward(x, generator);
            var (total, bce, kl) = VariationalAutoencoder.Loss(recon, x, m, logVar, 0.005f, Reduction.Mean, Reduction.BatchMean);
            total.Backward();
            (_outputs["train.latent"], _outputs["train.logvar"], _outputs["train.reconstruction"]) = (m.ToArray(), logVar.ToArray(), recon.ToArray());
            (_scalars["train.loss"], _scalars["train.bce"], _scalars["train.kl"]) = (total.ToScalar(), bce.ToScalar(), kl.ToScalar());
        }
        foreach (var (name, p) in _model.NamedParameters()) _grads[name] = p.Grad?.ToArray() ?? [];
    }

    [Test]
    public void ParameterNamesAreTheCourseNamesUnderEncoderAndDecoder() => _checks.ParameterNamesMatch(_model);

    [Test]
    public void EvalModeUsesTheLoadedStatistics()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (string key in new[] { "eval.latent", "eval.reconstruction" }) CheckOutput(key);
        }
    }

    [Test]
    public void TrainStepOutputsAndLoss()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (string key in _outputs.Keys.Where(k => k.StartsWith("train.", StringComparison.Ordinal))) CheckOutput(key);
            foreach (var (key, value) in _scalars)
            {
                double[] pair = _fixture.GetScalars(key);   // float64 reference, PyTorch float32
                double noise = Math.Abs(pair[1] - pair[0]) / Math.Abs(pair[0]);
                AssertTensor.Close(pair[0], value, key, rtol: 1e-5 + Slack * noise);
            }
        }
    }

    [Test]
    public void TrainStepEveryParameterGradient() => _checks.EveryParameterGradient(_grads);

    [Test]
    public void TrainStepRunningStatistics() => _checks.RunningStatistics(_model);

    private void CheckOutput(string key)
    {
        var expected = _fixture.GetTensor(key);
        AssertTensor.Close(expected.Values, _outputs[key], expected.Dims, key, _checks.NoiseTolerance(key + "_noise"));
    }
}

/// <summary>What a user gets for the wrong file: the first tensor at fault and the architecture the file comes from.</summary>
public sealed class CourseImportMismatchTests
{
    [Test]
    public void AnAutoencoderEncoderForAVaeNamesTheLinearLayer()
    {
        var vae = new VariationalAutoencoder(24, ImageShape.FashionMnist);
        var error = Assert.Throws<CourseWeightsException>(() =>
            CourseWeights.Import(vae, CourseImportParityTests.EncoderFile("ae"), CourseImportParityTests.DecoderFile));
        Assert.That(error!.Message, Does.Contain("'encoder.6.weight' has shape (24, 2048)"));
        Assert.That(error.Message, Does.Contain("the course's Encoder(24): an AE encoder with latent 24 or a VAE encoder with latent 12"));
        Assert.That(error.Message, Does.Contain("the course's Encoder(48) was expected"));
    }

    [Test]
    public void FilesSwappedAreNamedAsSuch()
    {
        var ae = new Autoencoder(24, ImageShape.FashionMnist);
        var error = Assert.Throws<CourseWeightsException>(() =>
            CourseWeights.Import(ae, CourseImportParityTests.DecoderFile, CourseImportParityTests.EncoderFile("ae")));
        Assert.That(error!.Message, Does.Contain("has no tensor 'encoder.0.0.weight'"));
        Assert.That(error.Message, Does.Contain("looks like the course's Decoder(24)"));
    }

    [Test]
    public void AWrongLatentSizeIsNamed()
    {
        var ae = new Autoencoder(8, ImageShape.FashionMnist);
        var error = Assert.Throws<CourseWeightsException>(() =>
            CourseWeights.Import(ae, CourseImportParityTests.EncoderFile("ae"), CourseImportParityTests.DecoderFile));
        Assert.That(error!.Message, Does.Contain("'encoder.6.weight' has shape (24, 2048), the course's Encoder(8) has (8, 2048)"));
        Assert.That(CourseWeights.DecoderLatent(CourseImportParityTests.DecoderFile), Is.EqualTo(24));
    }

    [Test]
    public void NothingChangesWhenTheDecoderFails()
    {
        var ae = new Autoencoder(24, ImageShape.FashionMnist);
        float[] before = ae.Encoder.Parameters().First().Value.ToArray();
        Assert.Throws<CourseWeightsException>(() =>
            CourseWeights.Import(ae, CourseImportParityTests.EncoderFile("ae"), CourseImportParityTests.EncoderFile("vae")));
        Assert.That(ae.Encoder.Parameters().First().Value.ToArray(), Is.EqualTo(before));
    }
}
