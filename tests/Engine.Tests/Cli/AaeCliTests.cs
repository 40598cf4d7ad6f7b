// The adversarial autoencoders from the command line: each trains on a tiny slice and leaves a complete run folder whose
// report shows its figures and metric; the defaults are the course's (batch per prior, 10 epochs, lr 1e-3); bad
// --prior, --labels and a grid prior off the plane are one clear line, with nothing written.
namespace Engine.Tests.Cli;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;

[NonParallelizable]
public class AaeCliTests
{
    private static readonly string[] Tiny = ["--epochs", "2", "--limit", "48", "--test-limit", "30", "--batch-size", "16"];

    private static readonly string[] RunFiles =
        ["config.json", "checkpoint/model.safetensors", "checkpoint/training-state.safetensors", "metrics.csv", "report.html"];

    [TestCase("uniform", "the bounding box of the test codes")]
    [TestCase("grid", "the boxes of the prior")]
    [TestCase("normal", "the bounding box of the test codes")]
    public void AnAaeTrainsOnATinySliceAndLeavesACompleteRunFolder(string prior, string gridCaption)
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run(["train", "aae", .. Tiny, "--prior", prior, "--sample-multiple", "2", "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        string[] figures = ["reconstructions.png", "latent.svg", "latent-epochs.gif", "latent-grid.png", "samples.png",
            "loss-reconstruction.svg", "loss-generator.svg", "loss-discriminator.svg", "loss-inside-prior.svg"];
        foreach (var file in RunFiles.Concat(figures)) Assert.That(File.Exists(Path.Combine(run, file)), file);
        Assert.That(Png.Read(Path.Combine(run, "latent-grid.png")).Width, Is.EqualTo(50 * 28), "a 50 x 50 grid of 28 x 28 images");
        var gif = File.ReadAllBytes(Path.Combine(run, "latent-epochs.gif"));
        Assert.That(System.Text.Encoding.ASCII.GetString(gif, 0, 6), Is.EqualTo("GIF89a"));
        Assert.That(Engine.Tests.Experiments.GifFile.FrameCount(gif), Is.EqualTo(2), "one frame per epoch");
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        foreach (var figure in figures) Assert.That(html, Does.Contain(figure));
        Assert.That(html, Does.Contain($"test codes inside the support of the prior ({prior})"));
        Assert.That(html, Does.Contain(gridCaption));
        var state = SafetensorsFile.Read(Path.Combine(run, "checkpoint", "training-state.safetensors"));
        foreach (var name in new[] { "reconstruction", "generator", "discriminator" })
        {
            Assert.That(state.Metadata[$"optimizer-{name}_steps"], Is.EqualTo("6"), "3 batches x 2 epochs, one step each");
        }
        var test = MetricsLog.Read(Path.Combine(run, "metrics.csv"), "test");
        Assert.That(test, Has.Count.EqualTo(2));
        Assert.That(test[^1].Values[3], Is.InRange(0.0, 1.0), "inside-prior is a fraction");
        Assert.That(CliTests.Run("eval", run).Code, Is.Zero);
        Assert.That(CliTests.Run("report", run).Code, Is.Zero);
    }

    [Test]
    public void TheDefaultsAreTheCourses()
    {
        using var temp = new TempFolder();
        foreach (var (prior, batch) in new[] { ("uniform", 512), ("grid", 128) })
        {
            string run = temp.File(prior);
            var (code, output, error) = CliTests.Run("train", "aae", "--prior", prior, "--epochs", "1", "--limit", "8", "--test-limit", "8", "--out", run);
            Assert.That(code, Is.Zero, output + error);
            var config = RunConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), "config.json");
            Assert.That((config.BatchSize, config.Latent, config.LearningRate, config.GeneratorWeight, config.SampleMultiple),
                Is.EqualTo((batch, 2, 1e-3f, 0.01f, (int?)null)), prior);
        }
        Assert.That(Engine.Models.Experiments.ExperimentRegistry.Find("aae").DefaultEpochs, Is.EqualTo(10));
    }

    [TestCase("aae", "--prior", "square", "Unknown prior 'square'; use --prior uniform, --prior grid, --prior normal.")]
    [TestCase("aae", "--latent", "3", "The grid prior is a set of boxes in the plane: it needs --latent 2; got 3.", "--prior", "grid")]
    [TestCase("aae", "--generator-weight", "-1", "--generator-weight must be >= 0; got -1.")]
    public void BadInputIsOneClearLine(string model, string option, string value, string message, params string[] extra)
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliTests.Run(["train", model, .. Tiny, option, value, .. extra, "--out", temp.File("run")]);
        Assert.That(code, Is.Not.Zero);
        Assert.That(error.Trim(), Does.Contain(message));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(Directory.Exists(temp.File("run")), Is.False, "nothing is written");
    }
}
