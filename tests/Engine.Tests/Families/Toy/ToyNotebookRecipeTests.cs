// cae-toy --recipe notebook (ToyExperiment.NotebookStep, ToyData evenly spaced): the notebook's evenly spaced curves
// (linspace), and its order within an epoch: backward, the validation MSE of the weights not yet stepped, the scheduler
// on it, then the optimizer's step (so a cut of the rate applies to that very step); --recipe engine keeps random points
// and schedules after the epoch's evaluation.
namespace Engine.Tests.Families.Toy;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;

public class ToyNotebookRecipeTests
{
    [Test]
    public void TheNotebooksCurvesAreEvenlySpaced()
    {
        var all = ToyData.Generate(seed: 3, evenlySpaced: true);
        Assert.That(all.Count, Is.EqualTo(4000));
        float step = 4.4f / 1999;
        for (int k = 0; k < 2000; k++)
        {
            Assert.That(all.Clean[2 * k], Is.EqualTo(-2.2f + k * step).Within(2e-6f), $"sine point {k}: linspace(-2.2, 2.2, 2000)");
            float angle = 2 * MathF.PI * k / 1999, x = all.Clean[2 * (2000 + k)], y = all.Clean[2 * (2000 + k) + 1];
            Assert.That(x, Is.EqualTo(1.5f + 0.5f * MathF.Cos(angle)).Within(1e-5f), $"circle point {k}: linspace(0, 2 pi, 2000)");
            Assert.That(y, Is.EqualTo(-0.5f + 0.5f * MathF.Sin(angle)).Within(1e-5f));
        }
        Assert.That(ToyData.Generate(seed: 3).Clean, Is.Not.EqualTo(all.Clean), "the engine's recipe draws the curve points");
        Assert.That(ToyData.Generate(seed: 3).Points.Zip(ToyData.Generate(seed: 3).Clean, (p, c) => p - c),
            Is.EqualTo(all.Points.Zip(all.Clean, (p, c) => p - c)).Within(1e-6f), "the same noise on both (float32 rounding of p - c)");
        var data = ToyExperiment.Load(new RunConfig { Family = "cae-toy", Recipe = Recipes.Notebook, Seed = 3 });
        Assert.That((data.Train.Count, data.Test.Count), Is.EqualTo((3000, 1000)));
        Assert.That(data.Source, Does.Contain("evenly spaced"));
    }

    private static (ToyExperiment Experiment, TrainingBatch Batch) Build(string recipe)
    {
        var config = new RunConfig { Family = "cae-toy", Recipe = recipe, Latent = 1, LearningRate = 1e-3f, Seed = 1 };
        var data = ToyExperiment.Load(config);
        Generator.ManualSeed(config.Seed);
        var experiment = new ToyExperiment(config);
        var loader = new BatchLoader(data.Train, data.Train.Count, config.Seed);
        return (experiment, TrainingBatch.From(loader.Epoch(0).First(), data.Train));
    }

    private static float[] Weights(ToyExperiment experiment) => [.. experiment.Model.Parameters().SelectMany(p => p.Value.ToArray())];

    [Test]
    public void TheNotebookSchedulesOnTheValidationOfTheWeightsBeforeTheStep()
    {
        var (experiment, batch) = Build(Recipes.Notebook);
        float[] before = experiment.ValidationMse();                                  // total, unconditional, conditional
        using (Engine.Memory.TensorScope.Begin()) experiment.Step(batch);
        Assert.That(experiment.Optimizers[0].Scheduler!.Best, Is.EqualTo(before[1]), "the unconditional model's scheduler");
        Assert.That(experiment.Optimizers[1].Scheduler!.Best, Is.EqualTo(before[2]), "the conditional model's scheduler");
        Assert.That(experiment.ValidationMse()[1], Is.Not.EqualTo(before[1]), "the step came after the validation");

        var (engine, engineBatch) = Build(Recipes.Engine);
        using (Engine.Memory.TensorScope.Begin()) engine.Step(engineBatch);
        Assert.That(engine.Optimizers[0].Scheduler!.Best, Is.EqualTo(float.PositiveInfinity), "the engine schedules after the epoch");
    }

    [TestCase(Recipes.Notebook, 1e-4f)]
    [TestCase(Recipes.Engine, 1e-3f)]
    public void ARateCutAppliesToTheNotebooksSameStep(string recipe, float rate)
    {
        var (experiment, batch) = Build(recipe);
        foreach (var o in experiment.Optimizers) o.Scheduler!.State = (0f, 50, 0);    // no improvement for 50 epochs: the next cuts
        float[] before = Weights(experiment);
        using (Engine.Memory.TensorScope.Begin()) experiment.Step(batch);
        double moved = Weights(experiment).Zip(before, (a, b) => Math.Abs(a - b)).Max();
        Assert.That(moved, Is.EqualTo(rate).Within(rate * 0.01), "Adam's first step moves a weight by about lr sign(g)");
    }

    [Test]
    [Category(TestCategories.CliRuns)]
    public void ANotebookToyRunSaysItsRecipeAndData()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run("train", "cae-toy", "--recipe", "notebook", "--epochs", "3", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(RunConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), "config.json").Recipe, Is.EqualTo(Recipes.Notebook));
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("evenly spaced").And.Contain("validation and scheduler before each step"));
    }
}
