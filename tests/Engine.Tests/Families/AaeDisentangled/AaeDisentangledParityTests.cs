// One full step of the disentangled AAE (src/Models/Families/AaeDisentangled/AaeDisentangledExperiment.cs, fixture
// course_aae_disentangled.bin) against PyTorch (tools/make_torch_fixtures.py's write_aae_disentangled): style size 2,
// 10 classes, batch 4 of 28 x 28 images with given labels and given prior samples, one Adam per phase (lr 1e-3, weight
// decay 1e-6). z from the encoder, the logits from the label encoder:
//   1. reconstruction BCE(G(z ⊕ one-hot(y)), x) + CE(logits, y); 2. generator w BCE(D(z), 1) + λ CE(P(z), uniform);
//   3. discriminator BCE(D(z_p), 1) + BCE(D(z), 0); 4. predictor: 3 Adam steps of CE(P(z), y), z detached
// Checked (PhasedStepParity): each logged loss, the change each phase makes to every parameter it trains, the running
// statistics after the step.
namespace Engine.Tests.Families.AaeDisentangled;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Tests.Parity;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class AaeDisentangledParityTests : PhasedStepParity
{
    private const int Latent = 2, Batch = 4, PriorSamples = 8;

    private AaeDisentangledExperiment _experiment = null!;

    protected override string FixtureName => "course_aae_disentangled.bin";

    protected override IReadOnlyDictionary<string, string[]> Phases { get; } = new Dictionary<string, string[]>
    {
        ["reconstruction"] = ["encoder.", "label-encoder.", "decoder."], ["generator"] = ["encoder."], ["discriminator"] = ["discriminator."],
        ["predictor"] = ["predictor."],
    };

    protected override Module Model => _experiment.Model;

    protected override void Build(FixtureFile fixture)
    {
        var config = new RunConfig
        {
            Family = "aae-disentangled", Latent = Latent, LearningRate = 1e-3f,
        }.With(new AaeOptions
        {
            GeneratorWeight = (float)fixture.GetScalars("generator_weight")[0], ConfusionWeight = (float)fixture.GetScalars("confusion_weight")[0],
            PredictorSteps = (int)fixture.GetScalars("predictor_steps")[0],
            IndependenceWeight = 0,   // the fixture's step has no independence term (its random features are the engine's own stream)
        });
        _experiment = new AaeDisentangledExperiment(config, ImageShape.FashionMnist, [.. Enumerable.Range(0, 10).Select(k => $"class {k}")]);
        Assert.That(AaeExperiment.WeightDecay, Is.EqualTo((float)fixture.GetScalars("weight_decay")[0]));
        Formula.Initialize(_experiment.Model);
        _experiment.Model.Train();
    }

    protected override LossTerms TrainStep(Action<string> afterPhase) => _experiment.TrainPhases(
        Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5), [.. Fixture.GetScalars("labels").Select(v => (int)v)],
        Formula.Tensor(new Shape(PriorSamples, Latent), 300, 2.5), afterPhase);

    [TestCase("reconstruction"), TestCase("label-ce"), TestCase("generator"), TestCase("confusion"), TestCase("discriminator"), TestCase("predictor-ce")]
    public void EachLossMatches(string term) => LossMatches(term);

    [TestCase("reconstruction"), TestCase("generator"), TestCase("discriminator"), TestCase("predictor")]
    public void EachPhaseMovesItsParametersAsPyTorch(string phase) => PhaseMovesItsParametersAsPyTorch(phase);
}
