// The course verbs end to end on tiny slices: train sparse-l1 / sparse-kl, then interpolate (also --compare), sample and
// arithmetic on trained runs (pca's runs: Families/Pca/PcaCliTests); each writes valid files that its report shows. Bad arguments give one clear line.
namespace Engine.Tests.Cli;

using Engine.Cli;
using Engine.Imaging;
using Engine.Tests.Checkpoints;
using Engine.Tests.Imaging;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ExperimentCliTests
{
    // 64 test images: the first 64 of the bundled sample's test split hold all ten classes (the first 32 lack Coat and Bag).
    private static readonly string[] Tiny = ["--epochs", "1", "--limit", "64", "--test-limit", "64", "--batch-size", "32"];
    private TempFolder _temp = null!;
    private string _sparse = null!;
    private string _vae = null!;

    [OneTimeSetUp]
    public void TrainTinyRuns()
    {
        _temp = new TempFolder();
        _sparse = _temp.File("sparse-kl");
        _vae = _temp.File("vae");
        Succeeds(["train", "sparse-kl", .. Tiny, "--out", _sparse]);
        Succeeds(["train", "vae", .. Tiny, "--latent", "2", "--out", _vae]);
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void SparseKlRunLogsEachTermAndDrawsItsFigures()
    {
        Assert.That(File.ReadAllText(Path.Combine(_sparse, "config.json")), Does.Contain("\"latent\": 900"));
        Assert.That(File.ReadLines(Path.Combine(_sparse, "metrics.csv")).First(), Is.EqualTo("split,epoch,step,total,bce,sparsity"));
        var maps = Png.Read(Path.Combine(_sparse, "class-activations.png"));
        Assert.That(maps.Width, Is.GreaterThan(10 * 90), "ten 30x30 maps at scale 3");
        foreach (var svg in new[] { "activation-histogram.svg", "unit-mean-histogram.svg", "loss-total.svg", "loss-bce.svg", "loss-sparsity.svg" })
        {
            Assert.That(File.ReadAllText(Path.Combine(_sparse, svg)), Does.StartWith("<svg").Or.StartWith("<?xml"), svg);
        }
        Assert.That(Report(_sparse), Does.Contain("class-activations.png").And.Contain("unit-mean-histogram.svg"));
    }

    [Test]
    public void SparseL1TrainsWithItsOwnBeta()
    {
        string run = _temp.File("sparse-l1");
        Succeeds(["train", "sparse-l1", .. Tiny, "--latent", "64", "--beta", "0.01", "--out", run]);
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"beta\": 0.01"));
        Assert.That(Png.Read(Path.Combine(run, "class-activations.png")).Height, Is.GreaterThan(24));
    }

    [Test]
    public void InterpolateWritesAStripAndAnAnimation()
    {
        Succeeds("interpolate", _vae, "--from", "sneaker", "--to", "9");
        var strip = Png.Read(Path.Combine(_vae, "interpolation-sneaker-to-ankle-boot.png"));
        Assert.That(strip.Width, Is.GreaterThan(12 * 84), "10 steps and both originals at scale 3");
        var gif = File.ReadAllBytes(Path.Combine(_vae, "interpolation-sneaker-to-ankle-boot.gif"));
        Assert.That(GifFile.FrameCount(gif), Is.EqualTo(200));
        Assert.That(GifFile.Size(gif), Is.EqualTo((280, 280)));
        Assert.That(Report(_vae), Does.Contain("interpolation-sneaker-to-ankle-boot.gif"));
    }

    [Test]
    public void InterpolateComparesTwoRunsSideBySide()
    {
        Succeeds("interpolate", _sparse, "--from", "0", "--to", "bag", "--steps", "4", "--frames", "12", "--compare", _vae);
        string stem = Path.Combine(_sparse, "interpolation-t-shirt-top-to-bag-vs-vae-z2");
        Assert.That(Png.Read(stem + ".png").Height, Is.GreaterThan(2 * 84), "one row per run");
        var gif = File.ReadAllBytes(stem + ".gif");
        Assert.That(GifFile.FrameCount(gif), Is.EqualTo(12));
        Assert.That(GifFile.Size(gif).Width, Is.GreaterThan(2 * 280), "two panels side by side");
    }

    [Test]
    public void SampleDecodesRandomCodes()
    {
        Succeeds("sample", _vae);
        Assert.That(Png.Read(Path.Combine(_vae, "samples-100-seed1.png")).Width, Is.EqualTo(1 + 10 * (56 + 1)));
        Succeeds("sample", _sparse, "--count", "16", "--seed", "5");
        Assert.That(Png.Read(Path.Combine(_sparse, "samples-16-seed5.png")).Width, Is.EqualTo(1 + 4 * (56 + 1)));
        Assert.That(Report(_sparse), Does.Contain("samples-16-seed5.png"));
    }

    [Test]
    public void ArithmeticWritesTheFourImages()
    {
        Succeeds("arithmetic", _vae, "--a", "pullover", "--b", "dress", "--c", "coat");
        var png = Png.Read(Path.Combine(_vae, "arithmetic-pullover-plus-dress-minus-coat.png"));
        Assert.That(png.Width, Is.GreaterThan(4 * 84));
        Assert.That(Report(_vae), Does.Contain("arithmetic-pullover-plus-dress-minus-coat.png"));
        Succeeds("report", _vae);
        Assert.That(Report(_vae), Does.Contain("arithmetic-pullover-plus-dress-minus-coat.png"), "a rewritten report keeps the extra figures");
    }

    [TestCase("interpolate", "{run}", "--from", "shoe", "--to", "bag")]
    [TestCase("arithmetic", "{run}", "--a", "0", "--b", "1", "--c", "12")]
    [TestCase("interpolate", "{run}", "--from", "0")]
    [TestCase("sample", "{run}", "--count", "0")]
    public void BadArgumentsFailWithOneLine(params string[] args)
    {
        var (code, output, error) = CliRun(args.Select(a => a.Replace("{run}", _vae)).ToArray());
        Assert.That(code, Is.Not.Zero, output);
        Assert.That(error.Trim(), Is.Not.Empty);
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void RunWithoutACheckpointIsOneSentence()
    {
        string run = _temp.Folder("no-checkpoint");
        File.Copy(Path.Combine(_vae, "config.json"), Path.Combine(run, "config.json"));
        var (code, _, error) = CliRun("sample", run);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("engine: Run '").And.Contain("has no checkpoint"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    private static string Report(string folder) => File.ReadAllText(Path.Combine(folder, "report.html"));

    private static string Succeeds(params string[] args)
    {
        var (code, output, error) = CliRun(args);
        Assert.That(code, Is.Zero, $"engine {string.Join(' ', args)}\n{output}\n{error}");
        return output;
    }

    private static (int Code, string Out, string Error) CliRun(params string[] args) => Engine.Tests.Cli.CliTests.Run(args);
}
