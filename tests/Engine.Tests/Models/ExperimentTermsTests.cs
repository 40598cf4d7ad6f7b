// Every experiment declares the loss terms its Loss returns, in the same order (they name the metrics.csv columns).
namespace Engine.Tests.Models;

using Engine.Memory;
using Engine.Models.Training;

public class ExperimentTermsTests
{
    [TestCaseSource(typeof(RunDriver), nameof(RunDriver.ModelNames))]
    public void DeclaredTermsMatchTheLoss(string model)
    {
        var driver = new RunDriver { Log = _ => { } };
        var (experiment, data) = driver.Prepare(new RunConfig { Model = model, Latent = 4, Limit = 8, TestLimit = 4 });
        using var scope = TensorScope.Begin();
        var x = Tensor.FromArray(data.Test.Images[..(2 * 28 * 28)], new Shape(2, 1, 28, 28));
        var loss = experiment.Loss(x, x, training: true);
        Assert.That(loss.Terms.Select(t => t.Name), Is.EqualTo(experiment.Terms));
    }
}
