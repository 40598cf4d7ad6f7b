// Interrupted-then-resumed training equals uninterrupted training: same weights, same optimizer state, same metrics.
namespace Engine.Tests.Models;

using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;

public class ResumeTests
{
    private static RunConfig Config(string model) => new()
    {
        Model = model, Latent = 3, Epochs = 2, BatchSize = 32, LearningRate = 1e-3f, Seed = 9, Limit = 96, TestLimit = 64,
    };

    [TestCase("ae"), TestCase("vae"), TestCase("dae")]
    public void ResumedRunEqualsUninterruptedRun(string model)
    {
        using var temp = new TempFolder();
        var quiet = new RunDriver { Log = _ => { } };
        Assert.That(quiet.Train(Config(model), temp.File("straight")).Report, Is.Not.Null);

        using var cancel = new CancellationTokenSource();
        int steps = 0;
        var interrupted = new RunDriver { Log = _ => { }, OnStep = (_, _, _, _) => { if (++steps == 4) cancel.Cancel(); } };
        Assert.That(interrupted.Train(Config(model), temp.File("resumed"), cancel: cancel.Token).Report, Is.Null, "the run stops when cancelled");
        Assert.That(steps, Is.EqualTo(4), "it stops right after the step that asked");
        Assert.That(quiet.Resume(temp.File("resumed")).Report, Is.Not.Null);

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
}
