// Interrupted-then-resumed training equals uninterrupted training: same weights, same optimizer state, same metrics.
namespace Engine.Tests.Training;

using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;

[Category(TestCategories.CliRuns)]
public class ResumeTests
{
    private static RunConfig Config(string model) => new()
    {
        Family = model, Latent = 3, Epochs = 2, BatchSize = 32, LearningRate = 1e-3f, Seed = 9, Limit = 96, TestLimit = 64,
    };

    [TestCase("ae"), TestCase("vae"), TestCase("dae"), TestCase("cvae")]
    public void ResumedRunEqualsUninterruptedRun(string model)
    {
        using var temp = new TempFolder();
        TrainStraightAndResumed(Config(model), temp);

        var a = SafetensorsFile.Read(new RunFolder(temp.File("straight")).Model);
        var b = SafetensorsFile.Read(new RunFolder(temp.File("resumed")).Model);
        Assert.That(b.Tensors.Select(t => t.Name), Is.EqualTo(a.Tensors.Select(t => t.Name)));
        for (int i = 0; i < a.Tensors.Count; i++)
        {
            Assert.That(b.Tensors[i].Data, Is.EqualTo(a.Tensors[i].Data), a.Tensors[i].Name);
        }
        Assert.That(MetricsLog.Read(Path.Combine(temp.File("resumed"), "metrics.csv"), "test").Select(r => r.Values),
            Is.EqualTo(MetricsLog.Read(Path.Combine(temp.File("straight"), "metrics.csv"), "test").Select(r => r.Values)));
        Assert.That(MetricsLog.Read(Path.Combine(temp.File("resumed"), "metrics.csv"), "step").Count, Is.EqualTo(6));
    }

    /// <summary>Two optimizers, each with its own scheduler, full batch: stopped after 4 of 7 epochs and resumed, bit for bit.</summary>
    [Test]
    public void ResumedToyRunWithTwoOptimizersAndSchedulersEqualsUninterruptedRun()
    {
        using var temp = new TempFolder();
        var config = new RunConfig { Family = "cae-toy", Latent = 1, Epochs = 7, LearningRate = 1e-3f, Seed = 3 };
        TrainStraightAndResumed(config, temp);
        AssertSameCheckpoints(temp);
        Assert.That(File.ReadAllText(Path.Combine(temp.File("resumed"), "metrics.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(temp.File("straight"), "metrics.csv"))));
    }

    /// <summary>
    /// Trains <paramref name="config"/> straight into "straight", and into "resumed" stopped right after its 4th step and
    /// resumed; both runs finish with a report.
    /// </summary>
    internal static void TrainStraightAndResumed(RunConfig config, TempFolder temp)
    {
        var quiet = new RunDriver { Log = _ => { } };
        Assert.That(quiet.Train(config, temp.File("straight")).Report, Is.Not.Null);
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        var interrupted = new RunDriver { Log = _ => { }, OnStep = (_, _, _, _) => { if (++steps == 4) cancel.Cancel(); } };
        Assert.That(interrupted.Train(config, temp.File("resumed"), cancel: cancel.Token).Report, Is.Null, "the run stops when cancelled");
        Assert.That(steps, Is.EqualTo(4), "it stops right after the step that asked");
        Assert.That(quiet.Resume(temp.File("resumed")).Report, Is.Not.Null);
    }

    /// <summary>The final checkpoints of "straight" and "resumed" hold the same tensors, bit for bit, and the same optimizer and generator state.</summary>
    internal static void AssertSameCheckpoints(TempFolder temp)
    {
        static bool State(string key) => key.StartsWith("optimizer", StringComparison.Ordinal) || key == "generator_offsets";
        foreach (var file in new[] { "model.safetensors", "training-state.safetensors" })
        {
            var a = SafetensorsFile.Read(Path.Combine(new RunFolder(temp.File("straight")).Checkpoint, file));
            var b = SafetensorsFile.Read(Path.Combine(new RunFolder(temp.File("resumed")).Checkpoint, file));
            Assert.That(b.Tensors.Select(t => t.Name), Is.EqualTo(a.Tensors.Select(t => t.Name)), file);
            for (int i = 0; i < a.Tensors.Count; i++) Assert.That(b.Tensors[i].Data, Is.EqualTo(a.Tensors[i].Data), a.Tensors[i].Name);
            Assert.That(b.Metadata.Where(m => State(m.Key)), Is.EquivalentTo(a.Metadata.Where(m => State(m.Key))), file);
        }
    }
}
