// `train pca` end to end on a slice of the bundled data, as every family runs: the run folder (config.json, metrics.csv,
// checkpoint, report.html and pca's figures), eval, report and resume of it, a run stopped mid-pass that resumes to the same
// fit bit for bit, the latent verbs' reading of its codes, `engine pca` as `train pca` under its own name, and each refused
// option as one line that names it.
namespace Engine.Tests.Families.Pca;

using System.Globalization;
using Engine.Cli;
using Engine.Imaging;
using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class PcaCliTests
{
    private static readonly string[] Small = ["--limit", "500", "--test-limit", "100"];
    private TempFolder _temp = null!;
    private string _run = null!;

    [OneTimeSetUp]
    public void TrainOneRun()
    {
        _temp = new TempFolder();
        _run = _temp.File("pca");
        Succeeds(["train", "pca", .. Small, "--out", _run]);
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void TrainWritesARunFolderWithPcasFigures()
    {
        foreach (var file in new[] { "config.json", "metrics.csv", "report.html", "checkpoint/model.safetensors", "checkpoint/training-state.safetensors" })
        {
            Assert.That(File.Exists(Path.Combine(_run, file)), file);
        }
        foreach (var png in new[] { "reconstructions.png", "denoising.png", "components.png" })
        {
            Assert.That(Png.Read(Path.Combine(_run, png)).Width, Is.GreaterThan(0), png);
        }
        Assert.That(File.ReadAllText(Path.Combine(_run, "explained-variance.svg")), Does.StartWith("<svg").Or.StartWith("<?xml"));
        var config = new RunFolder(_run).ReadConfig();
        Assert.That((config.Family, config.Epochs, config.Pca, config.Autoencoder.Noise), Is.EqualTo(("pca", 1, new PcaOptions(), 0.3f)));

        var metrics = File.ReadAllLines(Path.Combine(_run, "metrics.csv"));
        Assert.That(metrics[0], Is.EqualTo("split,epoch,step,mse,bce"));
        Assert.That(metrics.Count(l => l.StartsWith("step,", StringComparison.Ordinal)), Is.EqualTo(8), "500 images in batches of 64");
        var test = MetricsLog.Read(Path.Combine(_run, "metrics.csv"), "test").Single();

        // pca.safetensors keeps the components holding 90% of the variance, and the report says how many and its scores.
        var exported = SafetensorsFile.Read(Path.Combine(_run, "pca.safetensors"));
        int k = int.Parse(exported.Metadata["components"], CultureInfo.InvariantCulture);
        Assert.That(exported["components"].Shape, Is.EqualTo(new[] { k, 784 }));
        Assert.That(k, Is.InRange(10, 200));
        string report = File.ReadAllText(Path.Combine(_run, "report.html"));
        Assert.That(report, Does.Contain($"{k} of 784 components keep").And.Contain("test reconstruction MSE").And.Contain("test reconstruction BCE")
            .And.Contain("test denoised MSE (vs clean)").And.Contain("explained-variance.svg").And.Contain("denoising.png"));
        Assert.That(test.Values[0], Is.LessThan(0.03), "57-odd components reconstruct Fashion-MNIST well (the mean alone: about 0.09)");
    }

    [Test]
    public void EvalReportAndResumeReadTheRun()
    {
        var test = MetricsLog.Read(Path.Combine(_run, "metrics.csv"), "test").Single();
        string eval = Succeeds("eval", _run);
        Assert.That(eval, Does.Contain($"test mse: {test.Values[0]:G6}").And.Contain($"test bce: {test.Values[1]:G6}")
            .And.Contain("test denoised MSE (vs clean): "));
        Assert.That(Succeeds("eval", _run, "--noise", "0.3"), Does.Contain("test mse: ").And.Not.Contain($"test mse: {test.Values[0]:G6}"),
            "scored on noisy inputs against the clean images");
        var model = File.ReadAllBytes(Path.Combine(_run, "checkpoint", "model.safetensors"));
        Assert.That(Succeeds("report", _run), Does.Contain("Report: "));
        Assert.That(Succeeds("resume", _run), Does.Contain("Report: "), "a finished run: nothing left to gather, the report again");
        Assert.That(File.ReadAllBytes(Path.Combine(_run, "checkpoint", "model.safetensors")), Is.EqualTo(model));
    }

    [Test]
    public void ARunStoppedMidPassResumesToTheSameFit()
    {
        using var temp = new TempFolder();
        var config = TrainCommand.ConfigFor(["train", "pca", .. Small, "--checkpoint-every", "2"])!;
        var quiet = new RunDriver { Log = _ => { } };
        Assert.That(quiet.Train(config, temp.File("straight")).Report, Is.Not.Null);
        using var cancel = new CancellationTokenSource();
        int steps = 0;
        var stopping = new RunDriver { Log = _ => { }, OnStep = (_, _, _, _) => { if (++steps == 5) cancel.Cancel(); } };
        Assert.That(stopping.Train(config, temp.File("resumed"), cancel: cancel.Token).Report, Is.Null, "stopped after 5 of 8 batches");
        var stopped = SafetensorsFile.Read(Path.Combine(temp.File("resumed"), "checkpoint", "training-state.safetensors"));
        Assert.That(stopped["pca.count"].ElementCount, Is.EqualTo(1), "the checkpoint holds the sums gathered so far");
        Assert.That(quiet.Resume(temp.File("resumed")).Report, Is.Not.Null);
        var a = SafetensorsFile.Read(Path.Combine(temp.File("straight"), "checkpoint", "model.safetensors"));
        var b = SafetensorsFile.Read(Path.Combine(temp.File("resumed"), "checkpoint", "model.safetensors"));
        Assert.That(b.Tensors.Select(t => t.Name), Is.EqualTo(new[] { "components", "eigenvalues", "mean" }).Or.EquivalentTo(new[] { "mean", "eigenvalues", "components" }));
        foreach (var tensor in a.Tensors) Assert.That(b[tensor.Name].Data, Is.EqualTo(tensor.Data), tensor.Name + ", bit for bit");
        Assert.That(File.ReadAllText(Path.Combine(temp.File("resumed"), "metrics.csv")),
            Is.EqualTo(File.ReadAllText(Path.Combine(temp.File("straight"), "metrics.csv"))));
    }

    [Test]
    public void ItsCodesAreALatentTheLatentVerbsRead()
    {
        var explorer = LatentExplorer.Open(_run, maxPoints: 50);
        int k = int.Parse(SafetensorsFile.Read(Path.Combine(_run, "pca.safetensors")).Metadata["components"], CultureInfo.InvariantCulture);
        Assert.That(explorer.Latent, Is.EqualTo(k), "a code is an image's K coordinates on the components");
        Assert.That(explorer.Decode(new float[2 * k]), Has.Length.EqualTo(2 * 784), "code 0 decodes to the mean image");
        Succeeds("sample", _run, "--count", "4");
        Assert.That(Png.Read(Path.Combine(_run, "samples-4-seed1.png")).Width, Is.GreaterThan(0));
    }

    [Test]
    public void EnginePcaIsTrainPcaUnderItsOwnName()
    {
        using var temp = new TempFolder();
        Succeeds(["pca", .. Small, "--components", "5", "--out", temp.File("alias")]);
        Succeeds(["train", "pca", .. Small, "--components", "5", "--out", temp.File("train")]);
        Assert.That(File.ReadAllText(Path.Combine(temp.File("alias"), "config.json")),
            Is.EqualTo(File.ReadAllText(Path.Combine(temp.File("train"), "config.json"))));
        var a = SafetensorsFile.Read(Path.Combine(temp.File("alias"), "checkpoint", "model.safetensors"));
        var b = SafetensorsFile.Read(Path.Combine(temp.File("train"), "checkpoint", "model.safetensors"));
        foreach (var tensor in a.Tensors) Assert.That(b[tensor.Name].Data, Is.EqualTo(tensor.Data), tensor.Name);
        Assert.That(File.ReadAllText(Path.Combine(temp.File("alias"), "report.html")), Does.Contain("5 of 784 components keep"));

        // As `engine pca` always did, it replaces a pca run its --out holds (train needs --overwrite for that) ...
        Succeeds(["pca", .. Small, "--variance", "0.5", "--out", temp.File("alias")]);
        Assert.That(new RunFolder(temp.File("alias")).ReadConfig().Pca, Is.EqualTo(new PcaOptions { Variance = 0.5 }));
        var (code, _, error) = CliTests.Run(["train", "pca", .. Small, "--out", temp.File("train")]);
        Assert.That((code, error), Is.EqualTo((1, $"engine: '{temp.File("train")}' already holds a run. Continue it with `engine resume {temp.File("train")}`, " +
            "replace it with --overwrite, or choose another folder with --out." + Environment.NewLine)));

        // ... and offers the options pca reads, its own and the common ones, with train's help.
        var (helpCode, help, _) = CliTests.Run("pca", "--help");
        Assert.That(helpCode, Is.Zero);
        Assert.That(help, Does.Contain("--components").And.Contain("--variance").And.Contain("--noise").And.Contain("--limit").And.Contain("--seed")
            .And.Not.Contain("--lr ").And.Not.Contain("--latent").And.Not.Contain("--kl-weight"));
    }

    [TestCase("give either --components or --variance, not both", "train", "pca", "--components", "3", "--variance", "0.5")]
    [TestCase("give either --components or --variance, not both", "pca", "--components", "3", "--variance", "0.5")]
    [TestCase("--variance must be in (0, 1]; got 1.5", "pca", "--variance", "1.5")]
    [TestCase("--components must be a positive integer; got 0", "train", "pca", "--components", "0")]
    [TestCase("--epochs must be 1 for pca (one pass over the training set gathers everything its fit needs); got 2", "train", "pca", "--epochs", "2")]
    [TestCase("unknown option '--lr'", "pca", "--lr", "0.1")]
    public void ARefusedOptionIsOneLineNamingIt(string mentioned, params string[] args)
    {
        var (code, output, error) = CliTests.Run([.. args, "--out", Path.Combine(Path.GetTempPath(), "never-written")]);
        CliTests.AssertUsageError(code, output, error, mentioned, args[0] == "pca" ? "engine pca" : "engine train");
    }

    [Test]
    public void MoreComponentsThanPixelsIsOneLine()
    {
        var (code, _, error) = CliTests.Run("pca", "--components", "900", "--limit", "50", "--out", Path.Combine(Path.GetTempPath(), "never-written"));
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo("engine: --components must be at most 784, the pixels of a 28x28 image; got 900."));
    }

    private static string Succeeds(params string[] args)
    {
        var (code, output, error) = CliTests.Run(args);
        Assert.That(code, Is.Zero, $"engine {string.Join(' ', args)}\n{output}\n{error}");
        return output;
    }
}
