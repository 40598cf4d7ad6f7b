// One full step of the semi-supervised AAE (src/Models/Families/AaeSemi/AaeSemiExperiment.cs, fixture course_aae_semi.bin)
// against PyTorch (tools/make_torch_fixtures.py's write_aae_semi): latent size 2, 10 classes, batch 4 of 28 x 28 images
// with given labels and given prior samples, one Adam per phase (lr 1e-3, weight decay 1e-6):
//   1. reconstruction BCE(G(z ⊕ softmax(logits)), x); 2a. generator w (BCE(D_cat(y), 1) + BCE(D_gauss(z), 1));
//   2b. discriminators (one backward of L_cat + L_gauss); 3. CE(logits(x_l), y_l) over the encoder;
//   4. the baseline classifier's CE(classifier(x_l), y_l)
// Checked (PhasedStepParity): each logged loss, the change each phase makes to every parameter it trains, the running
// statistics after the step.
namespace Engine.Tests.Families.AaeSemi;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Tests.Parity;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class AaeSemiParityTests : PhasedStepParity
{
    private const int Latent = 2, Batch = 4, Classes = 10;

    private AaeSemiExperiment _experiment = null!;

    protected override string FixtureName => "course_aae_semi.bin";

    protected override IReadOnlyDictionary<string, string[]> Phases { get; } = new Dictionary<string, string[]>
    {
        ["reconstruction"] = ["encoder.", "decoder."], ["generator"] = ["encoder."], ["discriminators"] = ["categorical.", "gaussian."],
        ["semi-supervised"] = ["encoder."], ["baseline"] = ["baseline."],
    };

    protected override Module Model => _experiment.Model;

    protected override void Build(FixtureFile fixture)
    {
        var config = new RunConfig
        {
            Family = "aae-semi", Latent = Latent, LearningRate = 1e-3f,
        }.With(new AaeOptions { GeneratorWeight = (float)fixture.GetScalars("generator_weight")[0], Labels = 10 });
        var images = new Engine.Nn.Data.Dataset(new float[Classes * 28 * 28], [.. Enumerable.Range(0, Classes)], 28, 28,
            [.. Enumerable.Range(0, Classes).Select(k => $"class {k}")]);   // unused: the step's labelled batch is given
        _experiment = new AaeSemiExperiment(config, ImageShape.FashionMnist, images);
        Assert.That(AaeExperiment.WeightDecay, Is.EqualTo((float)fixture.GetScalars("weight_decay")[0]));
        Formula.Initialize(_experiment.Model);
        _experiment.Model.Train();
    }

    protected override LossTerms TrainStep(Action<string> afterPhase)
    {
        var oneHots = Tensor.OneHot([.. Fixture.GetScalars("one_hots").Select(v => (int)v)], Classes);
        return _experiment.TrainPhases(Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5), oneHots,
            Formula.Tensor(new Shape(Batch, Latent), 310, 2.0), Formula.Tensor(new Shape(Batch, 1, 28, 28), 110, 0.5, 0.5),
            [.. Fixture.GetScalars("labels").Select(v => (int)v)], afterPhase);
    }

    [TestCase("reconstruction"), TestCase("generator"), TestCase("discriminator-categorical"), TestCase("discriminator-gaussian"),
     TestCase("label-ce"), TestCase("baseline-ce")]
    public void EachLossMatches(string term) => LossMatches(term);

    [TestCase("reconstruction"), TestCase("generator"), TestCase("discriminators"), TestCase("semi-supervised"), TestCase("baseline")]
    public void EachPhaseMovesItsParametersAsPyTorch(string phase) => PhaseMovesItsParametersAsPyTorch(phase);
}
