// The shape of the AAE's --recipe notebook step (AaeExperiment.Notebook.cs) beside the engine's: how often each network runs
// in a step (the notebook's encoder twice, its D three times: on the codes alone, then on the codes and on the prior
// samples apart), its one BCE mean over the B + P predictions (the codes' term weighs B / (B + P)), the grid's fixed 1,280
// samples, evaluation (and the figures' test codes) in training mode, and the one-line refusal of the normal prior (not
// the notebook's).
namespace Engine.Tests.Families.Aae;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;
using Engine.Tests.Parity;
using Engine.Tests.Testing;

public class AaeNotebookRecipeTests
{
    private const int Batch = 4;

    private static AaeExperiment Build(string recipe, string prior = "uniform")
    {
        var experiment = new AaeExperiment(new RunConfig { Family = "aae", Recipe = recipe, Latent = 2 }.With(new AaeOptions { Prior = prior }),
            ImageShape.FashionMnist);
        Formula.Initialize(experiment.Model);
        experiment.Model.Train();
        return experiment;
    }

    private static Tensor Images() => Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5);   // (B, 1, 28, 28)

    private static long Passes(Module model, string batchNorm) =>
        model.StateDict().Single(e => e.Name == batchNorm + ".num_batches_tracked").Entry.Buffer!.Counter;

    [TestCase(Recipes.Notebook, 2, 3)]
    [TestCase(Recipes.Engine, 3, 2)]
    public void EachRecipeRunsTheEncoderAndTheDiscriminatorItsNumberOfTimes(string recipe, int encoderPasses, int discriminatorPasses)
    {
        var experiment = Build(recipe);
        var prior = Formula.Tensor(new Shape(20 * Batch, 2), 300, 2.5);                              // (P, Z)
        _ = recipe == Recipes.Notebook ? experiment.NotebookPhases(Images(), prior) : experiment.EnginePhases(Images(), prior);
        Assert.That(Passes(experiment.Model, "encoder.encoder.0.1"), Is.EqualTo(encoderPasses), "the encoder's train-mode passes");
        Assert.That(Passes(experiment.Model, "discriminator.layers.1"), Is.EqualTo(discriminatorPasses), "D's train-mode passes");
    }

    [Test]
    public void TheDiscriminatorJudgesTheCodesAndThePriorSamplesApartUnderOneMean()
    {
        var experiment = Build(Recipes.Notebook);
        var model = (AdversarialAutoencoder)experiment.Model;
        var x = Images();
        var prior = Formula.Tensor(new Shape(20 * Batch, 2), 300, 2.5);                              // (P = 20 B, Z)
        Tensor? codes = null;
        double apart = 0, together = 0;
        var terms = experiment.NotebookPhases(x, prior, phase =>
        {
            using var noGrad = NoGrad.Scope();                  // train mode: batch statistics, so these passes change no output
            if (phase == "reconstruction") codes = model.Encode(x);                                  // phase 2's codes (B, Z)
            if (phase != "generator") return;
            var (fake, real) = (model.Discriminator.Forward(codes!).ToArray(), model.Discriminator.Forward(prior).ToArray());
            apart = (fake.Sum(p => -Math.Log(1 - p)) + real.Sum(p => -Math.Log(p))) / (fake.Length + real.Length);
            var (jointReal, jointFake) = model.Discriminator.Judge(prior, codes!);
            together = (jointFake.ToArray().Sum(p => -Math.Log(1 - p)) + jointReal.ToArray().Sum(p => -Math.Log(p))) / (21.0 * Batch);
        });
        double logged = terms.Terms.Single(t => t.Name == "discriminator").Value.ToScalar();
        Assert.That(logged, Is.EqualTo(apart).Within(1e-5 * apart), "two passes (B codes, then 20 B prior samples), one mean over 21 B");
        Assert.That(Math.Abs(together - apart), Is.GreaterThan(1e-3), "one joint pass would score differently (its batch norm sees both)");
    }

    [Test]
    public void TheCodesTermWeighsItsShareOfThePredictions()
    {
        var codes = Tensor.Full(new Shape(2, 1), 0.3f);                                             // D(z) (B, 1)
        var prior = Tensor.Full(new Shape(40, 1), 0.6f);                                            // D(z_p) (20 B, 1)
        double expected = (-Math.Log(0.7) + 20 * -Math.Log(0.6)) / 21;                                // the codes' term weighs 1/21
        Assert.That(AaeExperiment.NotebookDiscriminatorLoss(codes, prior).ToScalar(), Is.EqualTo(expected).Within(1e-6));
        double engine = Discriminator.Loss(prior, codes).ToScalar();
        Assert.That(engine, Is.EqualTo(-Math.Log(0.7) - Math.Log(0.6)).Within(1e-6), "the engine's: BCE(real) + BCE(fake), each a mean");
    }

    [Test]
    public void TheNotebookDrawsAFixed1280GridSamplesAndTwentyPerImageOnTheSquare()
    {
        Assert.That(Build(Recipes.Notebook, "grid").NotebookPriorSamples(128), Is.EqualTo(1280));
        Assert.That(Build(Recipes.Notebook, "grid").NotebookPriorSamples(16), Is.EqualTo(1280), "whatever the batch (the last one partial)");
        Assert.That(Build(Recipes.Notebook).NotebookPriorSamples(512), Is.EqualTo(20 * 512));
        Assert.That(Build(Recipes.Engine, "grid").SampleMultiple * 16, Is.EqualTo(160), "the engine's: 10 per image");
    }

    [Test]
    public void TheNotebookEvaluatesInTrainingMode()
    {
        var experiment = Build(Recipes.Notebook);
        var images = Formula.Values(8 * 28 * 28, 100, 0.5, 0.5);
        var test = new Dataset(images, [0, 1, 2, 3, 4, 5, 6, 7], 28, 28, MnistDigits.ClassNames);
        var terms = Trainer.Evaluate(experiment, test, batchSize: 8);
        Assert.That(Passes(experiment.Model, "encoder.encoder.0.1"), Is.EqualTo(1), "one train-mode pass of the encoder");
        Assert.That(experiment.Model.Training, Is.True, "the model's mode is given back");
        Assert.That(terms[3], Is.InRange(0.0, 1.0));
        experiment.TestCodes(images, 28, 28);
        Assert.That(Passes(experiment.Model, "encoder.encoder.0.1"), Is.EqualTo(2), "the figures' test codes too");
        Assert.That(experiment.Model.Training, Is.True);
        var engine = Build(Recipes.Engine);
        Trainer.Evaluate(engine, test, batchSize: 8);
        engine.TestCodes(images, 28, 28);
        Assert.That(Passes(engine.Model, "encoder.encoder.0.1"), Is.Zero, "the engine evaluates in eval mode");
    }

    [Test]
    public void TheNormalPriorAndExtraDiscriminatorStepsAreNotTheNotebooksAndAreOneLine()
    {
        var normal = new RunConfig { Family = "aae", Recipe = Recipes.Notebook }.With(new AaeOptions { Prior = "normal" });
        Assert.That(() => AaeExperiment.CheckRecipe(normal), Throws.ArgumentException.With.Message.EqualTo(
            "--recipe notebook trains the notebook's AAE, whose priors are uniform and grid; the normal prior is this engine's " +
            "design: use --recipe engine with --prior normal."));
        var steps = normal.With(new AaeOptions { DiscriminatorSteps = 3 });
        Assert.That(() => AaeExperiment.CheckRecipe(steps), Throws.ArgumentException.With.Message.Contains("drop --discriminator-steps 3"));
        Assert.That(() => AaeExperiment.CheckRecipe(normal with { Recipe = Recipes.Engine }), Throws.Nothing);

        using var temp = new TempFolder();
        var (code, _, error) = CliTests.Run("train", "aae", "--recipe", "notebook", "--prior", "normal", "--limit", "8", "--out", temp.File("run"));
        Assert.That(code, Is.Not.Zero);
        Assert.That(error.Trim(), Does.Contain("--recipe notebook trains the notebook's AAE").And.Not.Contain("\n"), "one line");
        Assert.That(Directory.Exists(temp.File("run")), Is.False, "nothing is written");
    }
}
