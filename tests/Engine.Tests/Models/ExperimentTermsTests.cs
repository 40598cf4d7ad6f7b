// Every experiment of the registry declares the loss terms its Loss and its Step return, in the same order (they name the
// metrics.csv columns), and its step changes the weights.
namespace Engine.Tests.Models;

using Engine.Memory;
using Engine.Models.Training;
using Engine.Nn.Data;

public class ExperimentTermsTests
{
    [TestCaseSource(typeof(RunDriver), nameof(RunDriver.ModelNames))]
    public void DeclaredTermsMatchTheLoss(string model)
    {
        var driver = new RunDriver { Log = _ => { } };
        var (experiment, data) = driver.Prepare(new RunConfig { Model = model, Latent = 4, Limit = 8, TestLimit = 4, Labels = 1 });   // aae-semi: one known label
        using var scope = TensorScope.Begin();
        var batch = TrainingBatch.From(new BatchLoader(data.Test, 2, seed: 0, shuffle: false).Epoch(0).First(), data.Test);
        Assert.That(experiment.Loss(batch, training: true).Terms.Select(t => t.Name), Is.EqualTo(experiment.Terms));
        var before = experiment.Model.Parameters().Select(p => p.Value.ToArray()).ToList();
        Assert.That(experiment.Step(batch).Terms.Select(t => t.Name), Is.EqualTo(experiment.Terms));
        var after = experiment.Model.Parameters().Select(p => p.Value.ToArray()).ToList();
        Assert.That(after.Zip(before).Any(pair => !pair.First.SequenceEqual(pair.Second)), Is.True, "the step updates the weights");
    }
}
