// One full step of the AAE under --recipe notebook (src/Models/Families/Aae/AaeExperiment.Notebook.cs) against the notebook's
// step in PyTorch (fixture notebook_aae.bin, tools/make_torch_fixtures.py's write_aae_notebook): the course Encoder(2) and
// Decoder(2), the discriminator, batch 4 of 28 x 28 images, 80 = 20 x 4 given prior samples, three Adams (lr 1e-3, weight
// decay 1e-6) and the notebook's phases:
//   1. reconstruction L_rec = BCE(G(E(x)), x) over encoder + decoder
//   2. generator 0.01 BCE(D(z), 1) over the encoder, D on the codes alone
//   3. discriminator BCE(cat(D(z), D(z_p)), cat(0, 1)) over D: two passes, one mean, z phase 2's codes detached
// Checked as the engine's step is (PhasedStepParity): each phase's loss, each phase's parameter changes, the running statistics
// after the step (D's three passes, the encoder's two, in order); here also the inside-prior term of phase 2's codes.
namespace Engine.Tests.Families.Aae;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Tests.Parity;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class AaeNotebookParityTests : PhasedStepParity
{
    private const int Latent = 2, Batch = 4, PriorSamples = 20 * Batch;

    private AaeExperiment _experiment = null!;

    protected override string FixtureName => "notebook_aae.bin";

    protected override IReadOnlyDictionary<string, string[]> Phases { get; } = new Dictionary<string, string[]>
    {
        ["reconstruction"] = ["encoder.", "decoder."], ["generator"] = ["encoder."], ["discriminator"] = ["discriminator."],
    };

    protected override Module Model => _experiment.Model;

    protected override void Build(FixtureFile fixture)
    {
        var config = new RunConfig
        {
            Family = "aae", Recipe = Recipes.Notebook, Latent = Latent, LearningRate = 1e-3f,
        }.With(new AaeOptions { GeneratorWeight = (float)fixture.GetScalars("generator_weight")[0] });
        _experiment = new AaeExperiment(config, ImageShape.FashionMnist);
        Assert.That(AaeExperiment.WeightDecay, Is.EqualTo((float)fixture.GetScalars("weight_decay")[0]));
        Assert.That(_experiment.NotebookPriorSamples(Batch), Is.EqualTo((int)fixture.GetScalars("prior_samples")[0]), "20 x B on the uniform prior");
        Formula.Initialize(_experiment.Model);
        _experiment.Model.Train();
    }

    protected override LossTerms TrainStep(Action<string> afterPhase) => _experiment.NotebookPhases(
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
    public void TheStepLogsTheFractionOfTheGeneratorPhasesCodesInsideThePrior()
    {
        var expected = Fixture.GetTensor("codes").Values;                           // phase 2's codes, (B, 2)
        double inside = _experiment.Prior.FractionInside(expected);
        Assert.That(Terms.Terms[3].Name, Is.EqualTo("inside-prior"));
        Assert.That(Terms.Terms[3].Value.ToScalar(), Is.EqualTo(inside).Within(1e-6));
    }
}
