// `engine graph` from the command line: a family's fresh model, a trained run (files in its folder, linked from its
// report's "One step" section), the adversarial AE's phases one graph each, and one clear line for each user error.
namespace Engine.Tests.Inside;

using Engine.Tests.Checkpoints;
using static Engine.Tests.Cli.CliTests;

[NonParallelizable]
public class GraphCommandTests
{
    [Test]
    public void AnUnknownFamilyIsOneLine()
    {
        var (code, _, error) = Run("graph", "no-such-family");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("engine: 'no-such-family' is neither a run folder nor a family").And.Contain("ae, dae"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void AFittedFamilyHasNoGraphAndSaysSoInOneLine()
    {
        var (code, _, error) = Run("graph", "pca", "--out", Path.Combine(Path.GetTempPath(), $"engine-graph-pca-{Guid.NewGuid():N}"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("engine: pca is fitted, not trained").And.Contain("engine graph ae"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void AFolderThatHoldsNoRunIsOneLine()
    {
        using var temp = new TempFolder();
        var (code, _, error) = Run("graph", temp.Path);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith("engine: ").And.Contain(temp.Path));
    }

    [TestCase("1", "--batch must be 2 or more")]
    [TestCase("x", "--batch takes a whole number; got 'x'")]
    public void ABadBatchIsAUsageError(string batch, string expected)
    {
        var (code, _, error) = Run("graph", "ae", "--batch", batch);
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("error: " + expected).And.Contain("see 'engine graph --help'"));
    }

    [Test]
    public void AnUnknownDeviceIsAUsageError()
    {
        var (code, _, error) = Run("graph", "ae", "--device", "tpu");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(error, Does.Contain("unknown --device 'tpu'"));
    }

    [Test]
    public void AFamilyGetsItsGraphInTheFolderAsked()
    {
        using var temp = new TempFolder();
        string folder = temp.File("out");
        var (code, output, error) = Run("graph", "ae", "--batch", "4", "--out", folder);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("Recorded one step of ae, latent 24").And.Contain("batch 4 on cpu: 1 phase(s), 27 nodes"));
        Assert.That(File.ReadAllText(Path.Combine(folder, "graph.svg")), Does.Contain("data-op=\"Conv2d\""));
        Assert.That(File.Exists(Path.Combine(folder, "graph.json")));
    }

    [Test]
    [Category(TestCategories.CliRuns)]
    public void TheAdversarialAutoencoderGetsOneGraphPerPhase()
    {
        using var temp = new TempFolder();
        string folder = temp.File("aae");
        var (code, output, error) = Run("graph", "aae", "--batch", "8", "--out", folder);
        Assert.That(code, Is.Zero, output + error);
        foreach (var phase in new[] { "reconstruction", "generator", "discriminator" })
        {
            Assert.That(File.ReadAllText(Path.Combine(folder, $"graph-{phase}.svg")), Does.Contain($"phase '{phase}'"));
            Assert.That(File.Exists(Path.Combine(folder, $"graph-{phase}.json")));
        }
    }

    [Test]
    [Category(TestCategories.CliRuns)]
    public void ARunsGraphGoesInItsFolderAndItsReportLinksIt()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = Run("train", "ae", "--epochs", "1", "--limit", "64", "--test-limit", "32", "--batch-size", "16", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        string report = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(report, Does.Contain("id=\"one-step\"").And.Contain("href=\"graph.svg\"").And.Contain("step-time.svg").And.Contain("step-memory.svg"));
        File.Delete(Path.Combine(run, "graph.svg"));
        (code, output, error) = Run("graph", run, "--batch", "4");
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("batch 4").And.Contain("The report links graph.svg"));
        Assert.That(File.ReadAllText(Path.Combine(run, "graph.svg")), Does.Contain("data-op=\"BinaryCrossEntropy\""));
    }
}
