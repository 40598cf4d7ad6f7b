// The course 2a families from the command line: each trains on a tiny slice and leaves a complete run folder whose
// report shows its figures; --dataset picks the data and the run says which; bad --class, --factor and a label-less
// dataset for a conditional model are one clear line; the registry feeds --help.
namespace Engine.Tests.Cli;

using Engine.Imaging;
using Engine.Models.Experiments;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class FamilyCliTests
{
    private static readonly string[] Tiny = ["--epochs", "1", "--limit", "32", "--test-limit", "20", "--batch-size", "16"];

    internal static string[] Files(string run) =>
        ["config.json", "checkpoint/model.safetensors", "checkpoint/training-state.safetensors", "metrics.csv", "report.html"];

    [TestCase("classifier", new[] { "predictions.png", "loss-ce.svg" }, new[] { "test accuracy" })]
    [TestCase("cvae", new[] { "reconstructions.png", "latent.svg", "latent-grid.png", "class-grid.png", "style-transfer.png", "in-style.png" },
        new[] { "(--class 3)" })]
    [TestCase("superres", new[] { "super-resolution.png", "loss-mse.svg" }, new[] { "test PSNR (dB), bicubic", "test SSIM, autoencoder" })]
    public void AFamilyTrainsOnATinySliceAndLeavesACompleteRunFolder(string model, string[] figures, string[] texts)
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        string[] extra = model switch { "cvae" => ["--class", "3", "--latent", "2"], "superres" => ["--factor", "4"], _ => ["--latent", "8"] };
        var (code, output, error) = CliTests.Run(["train", model, .. Tiny, .. extra, "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        foreach (var file in Files(run).Concat(figures)) Assert.That(File.Exists(Path.Combine(run, file)), file);
        foreach (var png in Directory.GetFiles(run, "*.png")) Assert.That(Png.Read(png).Width, Is.GreaterThan(0), png);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        foreach (var figure in figures) Assert.That(html, Does.Contain(figure));
        foreach (var text in texts) Assert.That(html, Does.Contain(text));
        Assert.That(html, Does.Contain("data used").And.Contain("fashion, 32 training and 20 test images, from "));
        Assert.That(SafetensorsFile.Read(Path.Combine(run, "checkpoint", "model.safetensors")).Metadata["model"], Is.EqualTo(model));
        var eval = CliTests.Run("eval", run);
        Assert.That(eval.Code, Is.Zero, eval.Error);
        Assert.That(CliTests.Run("report", run).Code, Is.Zero);
    }

    [TestCase("cvae", new string[0], "0.02")]
    [TestCase("vae", new string[0], "0.005")]
    [TestCase("cvae", new[] { "--kl-weight", "0.5" }, "0.5")]
    public void TheKlWeightDefaultsPerFamilyAndTheOptionWins(string model, string[] extra, string expected)
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run(["train", model, "--epochs", "1", "--limit", "16", "--test-limit", "10", "--batch-size", "16",
            .. extra, "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain($"\"kl-weight\": {expected}"));
    }

    [Test]
    public void DatasetMnistTrainsOnDigitsAndTheRunSaysSo()
    {
        using var temp = new TempFolder();
        string run = temp.File("digits");
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--latent", "2", "--dataset", "mnist", "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("Data: mnist, 32 training and"));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"dataset\": \"mnist\""));
        Assert.That(File.ReadAllText(Path.Combine(run, "report.html")), Does.Contain("mnist, 32 training"));
        Assert.That(CliTests.Run("report", run).Code, Is.Zero, "report reloads the digits");
    }

    [TestCase("cvae", "--class", "12", "error: class index 12 is outside 0..9")]
    [TestCase("cvae", "--class", "unicorn", "error: unknown class 'unicorn'; use an index 0..9 or one of: T-shirt/top, Trouser")]
    [TestCase("superres", "--factor", "3", "error: --factor must be 2 or 4")]
    [TestCase("ae", "--dataset", "cifar", "error: unknown dataset 'cifar'; use --dataset fashion or --dataset mnist")]
    public void BadInputIsOneClearLine(string model, string option, string value, string message)
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliTests.Run(["train", model, .. Tiny, option, value, "--out", temp.File("run")]);
        CliTests.AssertUsageError(code, output, error, value);
        Assert.That(error, Does.StartWith(message));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(2), error);
        Assert.That(Directory.Exists(temp.File("run")), Is.False, "nothing is written");
    }

    [Test]
    public void AConditionalModelRefusesALabelLessDataset()
    {
        var oneClass = new Dataset(new float[4 * 4], [0, 0, 0, 0], 2, 2, ["thing"]);
        var data = new DatasetSplits("images", oneClass, oneClass, "a folder of unlabelled images");
        foreach (var family in ExperimentRegistry.Families)
        {
            if (family.NeedsLabels)
            {
                var e = Assert.Throws<ArgumentException>(() => family.CheckData(new Engine.Models.Training.RunConfig(), data), family.Name)!;
                Assert.That(e.Message, Does.StartWith($"Model '{family.Name}' learns from class labels").And.Contain("--dataset fashion"));
            }
            else
            {
                Assert.DoesNotThrow(() => family.CheckData(new Engine.Models.Training.RunConfig(), data), family.Name);
            }
        }
        Assert.That(ExperimentRegistry.Families.Where(f => f.NeedsLabels).Select(f => f.Name), Is.EquivalentTo(new[] { "classifier", "cvae", "aae-disentangled", "aae-semi", "cae-toy" }));
    }

    [Test]
    public void HelpAndValidationReadTheRegistry()
    {
        var (code, output, _) = CliTests.Run("train", "--help");
        Assert.That(code, Is.Zero);
        foreach (var family in ExperimentRegistry.Families) Assert.That(output, Does.Contain($"{family.Name}:"), "--help lists every family");
        var unknown = CliTests.Run("train", "gan");
        Assert.That(unknown.Code, Is.Not.Zero);
        var e = Assert.Throws<ArgumentException>(() => new Engine.Models.Training.RunConfig { Family = "gan" }.Validate())!;
        Assert.That(e.Message, Does.Contain(string.Join(", ", ExperimentRegistry.Names)));
        Assert.That(Engine.Models.Training.RunDriver.ModelNames, Is.EqualTo(ExperimentRegistry.Names));
    }

    [Test]
    public void LatentToolsWorkThroughTheInterfaceAndRefuseAFamilyWithoutACode()
    {
        using var temp = new TempFolder();
        string run = temp.File("classifier");
        Assert.That(CliTests.Run(["train", "classifier", .. Tiny, "--latent", "8", "--out", run]).Code, Is.Zero);
        var (code, _, error) = CliTests.Run("sample", run);
        Assert.That(code, Is.Not.Zero);
        Assert.That(error, Does.Contain("holds a classifier model, which has no single latent code to explore"));

        // The classifier judges a conditional VAE: the report gives the conditional accuracy per class.
        string cvae = temp.File("cvae");
        var judged = CliTests.Run(["train", "cvae", .. Tiny, "--latent", "3", "--judge", run, "--out", cvae]);
        Assert.That(judged.Code, Is.Zero, judged.Out + judged.Error);
        string html = File.ReadAllText(Path.Combine(cvae, "report.html"));
        Assert.That(html, Does.Contain("conditional accuracy (mean over classes)").And.Contain("conditional accuracy, Sneaker"));
        var notAClassifier = CliTests.Run(["train", "cvae", .. Tiny, "--latent", "3", "--judge", cvae, "--out", temp.File("bad")]);
        Assert.That(notAClassifier.Code, Is.Not.Zero);
        Assert.That(notAClassifier.Error.Trim(), Does.Contain("holds a cvae run; give a classifier run"));
        Assert.That(Directory.Exists(temp.File("bad")), Is.False, "refused before anything is trained");
        var missing = CliTests.Run(["train", "cvae", .. Tiny, "--judge", temp.File("nowhere"), "--out", temp.File("bad2")]);
        Assert.That(missing.Code, Is.Not.Zero);
        Assert.That(missing.Error.Trim(), Does.StartWith("engine: Run folder '").And.Contain("nowhere' does not exist"));

        // A judge deleted later: the cvae run still reports, with a warning instead of the accuracy.
        Directory.Delete(run, recursive: true);
        Assert.That(CliTests.Run("report", cvae).Code, Is.Zero);
        Assert.That(File.ReadAllText(Path.Combine(cvae, "report.html")), Does.Contain("is gone, so the report has no conditional accuracy"));
    }
}
