// Every experiment of the registry declares the loss terms its Loss and its Step return, in the same order (they name the
// metrics.csv columns), and one step moves every parameter that got a gradient (all of them held by its optimizers) and
// no parameter an optimizer does not hold (vae-kl-only's decoder gets no gradient: it stays).
namespace Engine.Tests.Training;

using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public class ExperimentTermsTests
{
    [TestCaseSource(typeof(RunDriver), nameof(RunDriver.ModelNames))]
    public void DeclaredTermsMatchTheLoss(string model)
    {
        var driver = new RunDriver { Log = _ => { } };
        var (experiment, data) = driver.Prepare(new RunConfig { Family = model, Latent = 4, Limit = 8, TestLimit = 4 }.With(new AaeOptions { Labels = 1 }));   // aae-semi: one known label
        using var scope = TensorScope.Begin();
        var batch = TrainingBatch.From(new BatchLoader(data.Test, 2, seed: 0, shuffle: false).Epoch(0).First(), data.Test);
        Assert.That(experiment.Loss(batch, training: true).Terms.Select(t => t.Name), Is.EqualTo(experiment.Terms));
        var parameters = experiment.Model.NamedParameters().ToList();
        var optimized = experiment.Optimizers.SelectMany(o => o.Optimizer.Parameters).ToHashSet();
        Assert.That(optimized, Is.SubsetOf(parameters.Select(p => p.Parameter)), "every optimized parameter is in the checkpoint");
        var before = parameters.Select(p => p.Parameter.Value.ToArray()).ToList();
        Assert.That(experiment.Step(batch).Terms.Select(t => t.Name), Is.EqualTo(experiment.Terms));
        var moved = parameters.Where((p, i) => !p.Parameter.Value.ToArray().SequenceEqual(before[i])).Select(p => p.Name).ToList();
        var graded = parameters.Where(p => p.Parameter.Value.Grad?.ToArray().Any(g => g != 0) == true).ToList();
        Assert.That(moved, parameters.Count == 0 ? Is.Empty : Is.Not.Empty, "the step moves the weights (pca has none: it is fitted, not trained)");
        Assert.That(graded.Where(p => !optimized.Contains(p.Parameter)).Select(p => p.Name), Is.Empty,
            "parameters that got a gradient but no optimizer holds");
        Assert.That(graded.Select(p => p.Name).Except(moved), Is.Empty, "parameters with a gradient that the step left unchanged");
        Assert.That(parameters.Where(p => !optimized.Contains(p.Parameter)).Select(p => p.Name).Intersect(moved), Is.Empty,
            "parameters no optimizer holds that the step changed");
    }
}
