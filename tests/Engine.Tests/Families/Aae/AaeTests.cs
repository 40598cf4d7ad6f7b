// The adversarial autoencoder's parts: the prior samplers (support, proportions, seeding), the discriminator (the
// course's tree and PyTorch names), the three optimizers over their parameter subsets, and resume: a run stopped
// mid-epoch and resumed equals an uninterrupted one bit for bit (weights, discriminator running statistics, all three
// optimizers' moments and steps, the prior stream, metrics and the latent trail), for the three adversarial families and
// the AAE's notebook recipe (whose evaluation in training mode moves the running statistics).
namespace Engine.Tests.Families.Aae;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Training;

public class AaeTests
{
    [Test]
    public void TheUniformPriorFillsItsSquareEvenly()
    {
        var prior = LatentPrior.Create("uniform", 2);
        var s = prior.Sample(20000, new Generator(7)).ToArray();
        Assert.That(s.All(v => v >= -2.5f && v <= 2.5f), "every sample inside [-2.5, 2.5]^2");
        Assert.That(prior.FractionInside(s), Is.EqualTo(1));
        int[] quadrant = new int[4];
        for (int i = 0; i < 20000; i++) quadrant[(s[2 * i] > 0 ? 1 : 0) + (s[2 * i + 1] > 0 ? 2 : 0)]++;
        Assert.That(quadrant, Has.All.InRange(4700, 5300), "a quarter in each quadrant");
        Assert.That(s.Max(), Is.GreaterThan(2.45f));
        Assert.That(s.Min(), Is.LessThan(-2.45f));
        Assert.That(prior.FractionInside([3f, 0f, 0f, 0f]), Is.EqualTo(0.5));
    }

    [Test]
    public void TheGridPriorPutsAsManySamplesInEachOfItsTenBoxes()
    {
        var prior = LatentPrior.Create("grid", 2);
        Assert.That(GridPrior.Boxes, Has.Count.EqualTo(10));
        Assert.That(GridPrior.Boxes[^1], Is.EqualTo(new LatentBox(-0.5f, 0.3f, -2.3f, -1.7f)), "the extra box below the middle column");
        Assert.That(GridPrior.Boxes[0], Is.EqualTo(new LatentBox(-1.5f, -0.7f, -1.5f, -0.7f)));
        Assert.That(GridPrior.Boxes[8], Is.EqualTo(new LatentBox(0.5f, 1.3f, 0.5f, 1.3f)));
        var s = prior.Sample(1280, new Generator(3)).ToArray();                  // the course: batch 128, 128 per box
        var perBox = new int[10];
        for (int i = 0; i < 1280; i++)
        {
            int box = Enumerable.Range(0, 10).Single(b => GridPrior.Boxes[b].Contains(s[2 * i], s[2 * i + 1]));
            perBox[box]++;
        }
        Assert.That(perBox, Has.All.EqualTo(128));
        Assert.That(prior.FractionInside(s), Is.EqualTo(1));
        Assert.That(prior.FractionInside([0f, 0.4f, 0f, -2f, 1.4f, 1.4f, -0.6f, 0f]), Is.EqualTo(0.25), "gaps between boxes are outside");
        Assert.That(prior.GridRegion, Is.EqualTo(new LatentBox(-1.5f, 1.3f, -2.3f, 1.3f)));
    }

    [Test]
    public void TheNormalPriorHoldsNinetyFivePercentInItsBall()
    {
        var prior = (NormalPrior)LatentPrior.Create("normal", 2);
        Assert.That(Math.Sqrt(prior.Radius2), Is.EqualTo(2.4477).Within(1e-4));
        var s = prior.Sample(20000, new Generator(5)).ToArray();
        Assert.That(s.Average(), Is.EqualTo(0).Within(0.03));
        Assert.That(s.Average(v => v * v), Is.EqualTo(1).Within(0.04));
        Assert.That(prior.FractionInside(s), Is.EqualTo(0.95).Within(0.006));
        var ten = (NormalPrior)LatentPrior.Create("normal", 10);
        Assert.That(ten.Radius2, Is.EqualTo(18.307).Within(0.05), "chi2 with 10 degrees of freedom, 95%");
    }

    [Test]
    public void PriorsAreSeededStreamsAndBadNamesAreOneLine()
    {
        var prior = LatentPrior.Create("uniform", 3);
        var g = new Generator(11);
        var a = prior.Sample(8, g).ToArray();
        Assert.That(g.Offset, Is.EqualTo(24UL), "the stream advances by the values drawn");
        Assert.That(prior.Sample(8, new Generator(11)).ToArray(), Is.EqualTo(a), "same seed, same samples");
        Assert.That(prior.Sample(8, g).ToArray(), Is.Not.EqualTo(a), "the next draw is new");
        Assert.That(() => LatentPrior.Create("square", 2), Throws.ArgumentException.With.Message.EqualTo("Unknown prior 'square'; use --prior uniform, --prior grid, --prior normal."));
        Assert.That(() => LatentPrior.Create("grid", 3), Throws.ArgumentException.With.Message.Contains("needs --latent 2"));
    }

    [Test]
    public void TheDiscriminatorIsTheCoursesMlpWithPyTorchNames()
    {
        var d = new Discriminator(2);
        Assert.That(d.NamedParameters().Select(p => p.Name), Is.EqualTo(new[]
        {
            "layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias", "layers.3.weight", "layers.3.bias",
            "layers.4.weight", "layers.4.bias", "layers.6.weight", "layers.6.bias",
        }));
        Assert.That(d.StateDict().Select(e => e.Name), Does.Contain("layers.1.running_mean").And.Contain("layers.4.num_batches_tracked"));
        Assert.That(d.ParameterCount(), Is.EqualTo(2 * 512 + 512 + 2 * 512 + 512 * 256 + 256 + 2 * 256 + 256 + 1));
        var p = d.Forward(Tensor.FromArray([0.1f, -2f, 1f, 3f, 0f, 0f], 3, 2)).ToArray();
        Assert.That(p, Has.Length.EqualTo(3).And.All.InRange(0f, 1f));
        Assert.That(() => d.Forward(Tensor.Zeros(3, 5)), Throws.ArgumentException.With.Message.Contains("(B, 2)"));
    }

    [Test]
    public void ThreeOptimizersOverTheirParameterSubsets()
    {
        var experiment = new AaeExperiment(new RunConfig { Family = "aae", Latent = 2, Epochs = 1, LearningRate = 1e-3f }, ImageShape.FashionMnist);
        var model = (AdversarialAutoencoder)experiment.Model;
        var o = experiment.Optimizers;
        Assert.That(o.Select(x => x.Name), Is.EqualTo(new[] { "reconstruction", "generator", "discriminator" }));
        Assert.That(o[0].Optimizer.Parameters, Is.EquivalentTo(model.Encoder.Parameters().Concat(model.Decoder.Parameters())));
        Assert.That(o[1].Optimizer.Parameters, Is.EquivalentTo(model.Encoder.Parameters()));
        Assert.That(o[2].Optimizer.Parameters, Is.EquivalentTo(model.Discriminator.Parameters()));
        Assert.That(o.Select(x => ((Engine.Nn.Adam)x.Optimizer).WeightDecay), Has.All.EqualTo(1e-6f));
        Assert.That(experiment.SampleMultiple, Is.EqualTo(20));
        Assert.That(o.Select(x => x.Optimizer.LearningRate), Is.EqualTo(new[] { 1e-3f, 1e-3f, 1e-3f }), "--generator-lr-scale 1: one rate");
    }

    [TestCase("aae", "discriminator")]
    [TestCase("aae-disentangled", "discriminator")]
    [TestCase("aae-semi", "categorical", "gaussian")]
    public void TheGeneratorAndTheDiscriminatorsRunAtTheirScalesOfTheRate(string family, params string[] discriminators)
    {
        var config = new RunConfig
        {
            Family = family, Latent = 2, Epochs = 1, LearningRate = 2e-3f, Dataset = "mnist",
        }.With(new AaeOptions { GeneratorLrScale = 0.25f, DiscriminatorLrScale = 3f });
        var data = new Engine.Nn.Data.Dataset(new float[20 * 28 * 28], [.. Enumerable.Range(0, 20).Select(i => i % 10)], 28, 28,
            [.. Enumerable.Range(0, 10).Select(i => $"c{i}")]);
        var experiment = ExperimentRegistry.Find(family).Create(config.With(config.Aae with { Labels = 10 }), data);
        foreach (var o in experiment.Optimizers)
        {
            float expected = o.Name == "generator" ? 5e-4f : discriminators.Contains(o.Name) ? 6e-3f : 2e-3f;
            Assert.That(o.Optimizer.LearningRate, Is.EqualTo(expected).Within(1e-9f), o.Name);
            Assert.That(o.BaseRate, Is.EqualTo(o.Optimizer.LearningRate), "the schedule scales from this rate");
        }
        var old = RunConfig.FromJson("{\"model\": \"aae\"}", "old config.json");
        Assert.That((old.Aae.GeneratorLrScale, old.Aae.DiscriminatorLrScale, old.Aae.DiscriminatorSteps), Is.EqualTo((1f, 1f, 1)),
            "a run folder written before the option resumes the course's one-rate game");
    }

    [TestCase("aae")]
    [TestCase("aae", 3)]
    [TestCase("aae-disentangled")]
    [TestCase("aae-semi")]
    [TestCase("aae", 1, Recipes.Notebook)]
    public void ResumedAdversarialRunEqualsUninterruptedRun(string model, int discriminatorSteps = 1, string recipe = Recipes.Engine)
    {
        using var temp = new TempFolder();
        var config = new RunConfig
        {
            Family = model, Recipe = recipe, Latent = 2, Epochs = 2, BatchSize = 32, LearningRate = 1e-3f, Seed = 4, Limit = 96, TestLimit = 40,
        }.With(new AaeOptions
        {
            Prior = model == "aae" ? "grid" : "uniform", SampleMultiple = 3, Labels = 10,
            DiscriminatorSteps = discriminatorSteps, GeneratorLrScale = discriminatorSteps == 1 ? 1f : 0.3f,
        });
        ResumeTests.TrainStraightAndResumed(config, temp);
        ResumeTests.AssertSameCheckpoints(temp);
        var state = SafetensorsFile.Read(new RunFolder(temp.File("straight")).TrainingState);
        var counts = state.Metadata.Where(m => m.Key.EndsWith("_steps", StringComparison.Ordinal)).ToList();
        Assert.That(counts, Has.Count.EqualTo(model switch { "aae" => 3, "aae-disentangled" => 4, _ => 6 }), "one Adam per phase");
        Assert.That(counts.Where(m => m.Key is not ("optimizer-predictor_steps" or "optimizer-discriminator_steps")).Select(m => m.Value), Has.All.EqualTo("6"),
            "3 batches x 2 epochs, one step each");
        if (model == "aae")
        {
            Assert.That(state.Metadata["optimizer-discriminator_steps"], Is.EqualTo((6 * discriminatorSteps).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (model == "aae-disentangled")
        {
            Assert.That(state.Metadata["optimizer-predictor_steps"], Is.EqualTo((6 * config.Aae.PredictorSteps).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        string running = model == "aae-semi" ? "gaussian.layers.1.running_mean" : "discriminator.layers.1.running_mean";
        Assert.That(SafetensorsFile.Read(new RunFolder(temp.File("straight")).Model).Tensors.Select(t => t.Name), Does.Contain(running));
        Assert.That(File.ReadAllText(Path.Combine(temp.File("resumed"), "metrics.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(temp.File("straight"), "metrics.csv"))));
        foreach (var epoch in model == "aae-semi" ? [] : new[] { "epoch-0001.f32", "epoch-0002.f32" })
        {
            Assert.That(File.ReadAllBytes(Path.Combine(temp.File("resumed"), LatentTrail.Folder, epoch)),
                Is.EqualTo(File.ReadAllBytes(Path.Combine(temp.File("straight"), LatentTrail.Folder, epoch))), epoch);
        }
    }
}
