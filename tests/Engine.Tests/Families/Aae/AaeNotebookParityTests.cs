// One full step of the AAE under --recipe notebook (src/Models/Families/Aae/AaeExperiment.Notebook.cs) against the notebook's
// step in PyTorch (tools/make_torch_fixtures.py's notebook_aae_step), on both of its priors:
//   uniform  notebook_aae.bin       batch 4, 80 = 20 x 4 given prior samples (det values in [-2.5, 2.5])
//   grid     notebook_aae_grid.bin  batch 128 (the notebook's), its fixed 1,280 prior samples: det uniforms placed row i
//                                   into box i mod 10 (GridPrior.InBoxes), so D's batch norm normalises 1,280 rows in the
//                                   prior's pass and the codes' term weighs 128 / 1,408 in the one BCE mean
// The course Encoder(2) and Decoder(2), the discriminator, 28 x 28 images, three Adams (lr 1e-3, weight decay 1e-6) and the
// notebook's phases:
//   1. reconstruction L_rec = BCE(G(E(x)), x) over encoder + decoder
//   2. generator 0.01 BCE(D(z), 1) over the encoder, D on the codes alone
//   3. discriminator BCE(cat(D(z), D(z_p)), cat(0, 1)) over D: two passes, one mean, z phase 2's codes detached
// Checked as the engine's step is (PhasedStepParity): each phase's loss, each phase's parameter changes, the running statistics
// after the step (D's three passes, the encoder's two, in order); here also the inside-prior term of phase 2's codes.
// B = batch, P = prior samples.
namespace Engine.Tests.Families.Aae;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Tests.Parity;
using Engine.Tests.Testing;
using NUnit.Framework;

/// <summary>The notebook step's parity on one prior: the fixture, the prior's name, its batch and its prior samples.</summary>
public abstract class NotebookStepParity : PhasedStepParity
{
    protected const int Latent = 2;

    protected AaeExperiment Experiment { get; private set; } = null!;

    protected abstract string PriorName { get; }

    protected abstract int Batch { get; }

    /// <summary>The prior samples (P, 2) the step's discriminator phase sees, built as the fixture's.</summary>
    protected abstract Tensor PriorSamples();

    protected override IReadOnlyDictionary<string, string[]> Phases { get; } = new Dictionary<string, string[]>
    {
        ["reconstruction"] = ["encoder.", "decoder."], ["generator"] = ["encoder."], ["discriminator"] = ["discriminator."],
    };

    protected override Module Model => Experiment.Model;

    protected override void Build(FixtureFile fixture)
    {
        var config = new RunConfig
        {
            Family = "aae", Recipe = Recipes.Notebook, Latent = Latent, LearningRate = 1e-3f,
        }.With(new AaeOptions { Prior = PriorName, GeneratorWeight = (float)fixture.GetScalars("generator_weight")[0] });
        Experiment = new AaeExperiment(config, ImageShape.FashionMnist);
        Assert.That(AaeExperiment.WeightDecay, Is.EqualTo((float)fixture.GetScalars("weight_decay")[0]));
        Assert.That(Experiment.NotebookPriorSamples(Batch), Is.EqualTo((int)fixture.GetScalars("prior_samples")[0]), "the notebook's P for this prior");
        Formula.Initialize(Experiment.Model);
        Experiment.Model.Train();
    }

    protected override LossTerms TrainStep(Action<string> afterPhase) =>
        Experiment.NotebookPhases(Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5), PriorSamples(), afterPhase);

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
        double inside = Experiment.Prior.FractionInside(expected);
        Assert.That(Terms.Terms[3].Name, Is.EqualTo("inside-prior"));
        Assert.That(Terms.Terms[3].Value.ToScalar(), Is.EqualTo(inside).Within(1e-6));
    }
}

[TestFixture]
public sealed class AaeNotebookParityTests : NotebookStepParity
{
    protected override string FixtureName => "notebook_aae.bin";

    protected override string PriorName => "uniform";

    protected override int Batch => 4;

    protected override Tensor PriorSamples() => Formula.Tensor(new Shape(20 * Batch, Latent), 300, 2.5);
}

[TestFixture]
public sealed class AaeNotebookGridParityTests : NotebookStepParity
{
    protected override string FixtureName => "notebook_aae_grid.bin";

    protected override string PriorName => "grid";

    protected override int Batch => 128;

    protected override Tensor PriorSamples() =>
        GridPrior.InBoxes(Formula.Values(AaeExperiment.NotebookGridSamples * Latent, 300, 0.5, 0.5));

    [Test]
    public void ThePriorSamplesAreTheNotebooksLayoutRowIInBoxIMod10()
    {
        Assert.That((int)Fixture.GetScalars("batch")[0], Is.EqualTo(Batch));
        var expected = Fixture.GetTensor("prior");
        Assert.That(expected.Dims, Is.EqualTo(new[] { AaeExperiment.NotebookGridSamples, Latent }));
        Assert.That(PriorSamples().ToArray(), Is.EqualTo(expected.Values), "the same float32 samples, bit for bit");
    }
}
