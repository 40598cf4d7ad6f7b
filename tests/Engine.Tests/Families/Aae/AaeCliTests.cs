// The adversarial autoencoder from the command line: it trains on a tiny slice and leaves a complete run folder whose
// report shows its figures and metric (also under --recipe notebook, on the digits); the defaults are the course's (batch
// per prior, 10 epochs, lr 1e-3); bad --prior, --labels (of aae-semi, whose options are the AAE's) and a grid prior off
// the plane are one clear line, with nothing written. Tiny and RunFiles serve the other adversarial families' CLI tests.
namespace Engine.Tests.Families.Aae;

using Engine.Imaging;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class AaeCliTests
{
    internal static readonly string[] Tiny = ["--epochs", "2", "--limit", "48", "--test-limit", "30", "--batch-size", "16"];

    internal static readonly string[] RunFiles =
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
        Assert.That(Engine.Tests.Imaging.GifFile.FrameCount(gif), Is.EqualTo(2), "one frame per epoch");
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
            // The default batch is larger than the 8 images, so the run says it and records the 8 it used.
            Assert.That(output, Does.Contain($"--batch-size {batch} is larger than the training set (8 images)"), prior);
            Assert.That((config.BatchSize, config.Latent, config.LearningRate, config.Aae.GeneratorWeight, config.Aae.SampleMultiple),
                Is.EqualTo((8, 2, 1e-3f, 0.01f, (int?)null)), prior);
        }
        Assert.That(Engine.Models.Experiments.ExperimentRegistry.Find("aae").DefaultEpochs, Is.EqualTo(10));
    }

    [TestCase("uniform")]
    [TestCase("grid")]
    public void ANotebookAaeTrainsOnTheDigitsAndNamesItsRecipe(string prior)
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run(["train", "aae", "--recipe", "notebook", .. Tiny, "--prior", prior, "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        var config = RunConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), "config.json");
        Assert.That((config.Recipe, config.Dataset), Is.EqualTo((Recipes.Notebook, "mnist")), "the notebook's data: MNIST digits");
        Assert.That(File.ReadAllText(Path.Combine(run, "report.html")), Does.Contain("(recipe notebook)"));
        var test = MetricsLog.Read(Path.Combine(run, "metrics.csv"), "test");
        Assert.That(test[^1].Values[3], Is.InRange(0.0, 1.0), "inside-prior, evaluated in training mode");
    }

    [TestCase("aae", "--prior", "square", "--prior must be one of uniform, grid, normal; got square.")]
    [TestCase("aae", "--latent", "3", "The grid prior is a set of boxes in the plane: it needs --latent 2; got 3.", "--prior", "grid")]
    [TestCase("aae", "--generator-weight", "-1", "--generator-weight must be a finite number >= 0; got -1.")]
    [TestCase("aae", "--generator-lr-scale", "0", "--generator-lr-scale must be a positive number; got 0.")]
    [TestCase("aae-semi", "--discriminator-lr-scale", "-2", "--discriminator-lr-scale must be a positive number; got -2.")]
    [TestCase("aae", "--discriminator-steps", "0", "--discriminator-steps must be a positive integer; got 0.")]
    [TestCase("aae-semi", "--labels", "0", "--labels must be a positive integer; got 0.")]
    [TestCase("aae-semi", "--labels", "100000", "--labels must be from 1 to the 48 training images; got 100,000.")]
    public void BadInputIsOneClearLine(string model, string option, string value, string message, params string[] extra)
    {
        using var temp = new TempFolder();
        var (code, _, error) = CliTests.Run(["train", model, .. Tiny, option, value, .. extra, "--out", temp.File("run")]);
        Assert.That(code, Is.Not.Zero);
        var lines = error.Trim().Split('\n');
        Assert.That(lines[0], Does.Contain(message.TrimEnd('.')).IgnoreCase, "one line naming the problem (a usage error starts 'error: ')");
        Assert.That(lines.Length == 1 || (lines.Length == 2 && lines[1].StartsWith("see 'engine train --help'", StringComparison.Ordinal)), error);
        Assert.That(Directory.Exists(temp.File("run")), Is.False, "nothing is written");
    }
}
