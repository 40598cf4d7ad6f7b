// One full step of the adversarial autoencoder (src/Models/Families/Aae/AaeExperiment.cs) against PyTorch (fixture
// course_aae.bin, tools/make_torch_fixtures.py's write_aae): the course Encoder(2) and Decoder(2), the discriminator, batch
// 4 of 28 x 28 images, 8 given prior samples, three Adams (lr 1e-3, weight decay 1e-6) and the three phases:
//   1. reconstruction L_rec = BCE(G(E(x)), x) over encoder + decoder
//   2. generator 0.01 BCE(D(E(x)), 1) over the encoder
//   3. discriminator BCE(D(z_p), 1) + BCE(D(E(x)), 0) over D, E(x) detached
// (D in one train-mode pass over cat(z_p, E(x)) in phases 2 and 3).
// Checked (PhasedStepParity): each phase's loss, the change each phase makes to every parameter it trains, the running
// statistics after the step; here also the inside-prior term of phase 3's detached codes.
namespace Engine.Tests.Families.Aae;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Tests.Parity;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class AaeParityTests : PhasedStepParity
{
    private const int Latent = 2, Batch = 4, PriorSamples = 8;

    private AaeExperiment _experiment = null!;

    protected override string FixtureName => "course_aae.bin";

    protected override IReadOnlyDictionary<string, string[]> Phases { get; } = new Dictionary<string, string[]>
    {
        ["reconstruction"] = ["encoder.", "decoder."], ["generator"] = ["encoder."], ["discriminator"] = ["discriminator."],
    };

    protected override Module Model => _experiment.Model;

    protected override void Build(FixtureFile fixture)
    {
        var config = new RunConfig
        {
            Family = "aae", Latent = Latent, LearningRate = 1e-3f,
        }.With(new AaeOptions { GeneratorWeight = (float)fixture.GetScalars("generator_weight")[0] });
        _experiment = new AaeExperiment(config, ImageShape.FashionMnist);
        Assert.That(AaeExperiment.WeightDecay, Is.EqualTo((float)fixture.GetScalars("weight_decay")[0]));
        Formula.Initialize(_experiment.Model);
        _experiment.Model.Train();
    }

    protected override LossTerms TrainStep(Action<string> afterPhase) => _experiment.EnginePhases(
        Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5), Formula.Tensor(new Shape(PriorSamples, Latent), 300, 2.5), afterPhase);

    [TestCase("reconstruction")]
    [TestCase("generator")]
    [TestCase("discriminator")]
    public void EachPhaseLossMatches(string phase) => LossMatches(phase);

    [TestCase("reconstruction")]
    [TestCase("generator")]
    [TestCase("discriminator")]
    public void EachPhaseMovesItsParametersAsPyTorch(string phase) => PhaseMovesItsParametersAsPyTorch(phase);

    [Test]
    public void TheStepLogsTheFractionOfCodesInsideThePrior()
    {
        var expected = Fixture.GetTensor("codes").Values;                           // phase 3's detached codes, (B, 2)
        double inside = _experiment.Prior.FractionInside(expected);
        Assert.That(Terms.Terms[3].Name, Is.EqualTo("inside-prior"));
        Assert.That(Terms.Terms[3].Value.ToScalar(), Is.EqualTo(inside).Within(1e-6));
    }
}
