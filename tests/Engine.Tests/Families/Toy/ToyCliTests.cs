// The toy from the command line: `train cae-toy` runs both models (unconditional, conditional) in one command, each
// with its own optimizer and scheduler, and leaves one run folder with both models, both optimizers' states and the
// toy's figures.
namespace Engine.Tests.Families.Toy;

using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;
using static Engine.Tests.Cli.FamilyCliTests;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ToyCliTests
{
    [Test]
    public void TheToyRunsBothModelsInOneCommandWithTwoOptimizersAndSchedulers()
    {
        using var temp = new TempFolder();
        string run = temp.File("toy");
        var (code, output, error) = CliTests.Run("train", "cae-toy", "--epochs", "3", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("Data: toy, 3,000 training and").And.Contain("test points, from the course's 2-D toy"));
        foreach (var file in Files(run).Concat(["toy-data.svg", "toy-unconditional.svg", "toy-conditional.svg"]))
        {
            Assert.That(File.Exists(Path.Combine(run, file)), file);
        }
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("validation MSE, unconditional").And.Contain("validation MSE, conditional")
            .And.Contain("final learning rate, conditional"));
        Assert.That(Engine.Models.Training.MetricsLog.Read(Path.Combine(run, "metrics.csv"), "step"), Has.Count.EqualTo(3), "full batch: one step per epoch");
        var state = SafetensorsFile.Read(Path.Combine(run, "checkpoint", "training-state.safetensors"));
        Assert.That(state.Metadata["optimizer-unconditional_steps"], Is.EqualTo("3"));
        Assert.That(state.Metadata["optimizer-conditional_steps"], Is.EqualTo("3"));
        Assert.That(state.Metadata, Does.ContainKey("optimizer-conditional_scheduler"));
        Assert.That(state.Tensors.Select(t => t.Name), Has.Some.StartsWith("optimizer-unconditional.").And.Some.StartsWith("optimizer-conditional."));
        var model = SafetensorsFile.Read(Path.Combine(run, "checkpoint", "model.safetensors"));
        Assert.That(model.Tensors.Select(t => t.Name), Has.Some.StartsWith("unconditional.").And.Some.StartsWith("conditional."));
    }
}
