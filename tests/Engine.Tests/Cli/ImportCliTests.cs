// `engine import` end to end on course-trained PyTorch weights (the fixture script's Encoder(24) / Decoder(24) state dicts,
// saved as a course user saves them): import, eval, report, sample and a resume that fine-tunes; and the mistakes a
// user can make (swapped files, a wrong model, a folder that holds a run) as one line with a non-zero exit.
namespace Engine.Tests.Cli;

using Engine.Models.Training;
using Engine.Tests.Checkpoints;
using Engine.Tests.Parity;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ImportCliTests
{
    private static readonly string[] Small = ["--limit", "64", "--test-limit", "64", "--epochs", "1"];

    private TempFolder _temp = null!;
    private string _run = null!;

    private static string Encoder => CourseImportParityTests.EncoderFile("ae");

    private static string Decoder => CourseImportParityTests.DecoderFile;

    [OneTimeSetUp]
    public void Import()
    {
        _temp = new TempFolder();
        _run = _temp.File("imported");
        var (code, output, error) = CliTests.Run(["import", "--model", "ae", "--encoder", Encoder, "--decoder", Decoder, "--out", _run, .. Small]);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("Imported ae (latent 24)").And.Contain("Report: "));
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void TheRunFolderIsComplete()
    {
        var run = new RunFolder(_run);
        Assert.That(run.ReadConfig().Latent, Is.EqualTo(24), "latent read from the decoder file");
        Assert.That(File.Exists(run.Model) && File.Exists(run.TrainingState) && File.Exists(run.Report), Is.True);
        var test = MetricsLog.Read(run.Metrics, "test");
        Assert.That(test, Has.Count.EqualTo(1));
        Assert.That(test[0].Epoch, Is.Zero, "the imported model's test metrics, before any training here");
    }

    [Test]
    public void EvalScoresTheImportedWeights()
    {
        var (code, output, error) = CliTests.Run(["eval", _run]);
        Assert.That(code, Is.Zero, output + error);
        double bce = double.Parse(output.Split("test bce:")[1].Trim().Split('\n')[0], System.Globalization.CultureInfo.InvariantCulture);
        double logged = MetricsLog.Read(new RunFolder(_run).Metrics, "test")[0].Values[0];
        Assert.That(bce, Is.EqualTo(logged).Within(1e-4).Percent);
    }

    [Test]
    public void ReportSampleAndResumeWork()
    {
        string copy = _temp.Folder("resumed");
        foreach (var file in Directory.EnumerateFiles(_run, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(copy, Path.GetRelativePath(_run, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Assert.That(CliTests.Run(["report", copy]).Code, Is.Zero);
        Assert.That(CliTests.Run(["sample", copy, "--count", "4"]).Code, Is.Zero);
        var (code, output, error) = CliTests.Run(["resume", copy]);
        Assert.That(code, Is.Zero, output + error);
        var metrics = new RunFolder(copy).Metrics;
        Assert.That(MetricsLog.Read(metrics, "train"), Has.Count.EqualTo(1), "one epoch fine-tuned from the imported weights");
        Assert.That(MetricsLog.Read(metrics, "test").Select(r => r.Epoch), Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public void SwappedFilesAreOneLineNamingTheArchitecture()
    {
        string run = _temp.File("swapped");
        var (code, output, error) = CliTests.Run(["import", "--model", "ae", "--encoder", Decoder, "--decoder", Encoder, "--latent", "24", "--out", run, .. Small]);
        AssertOneLine(code, output, error, "looks like the course's Decoder(24)");
        Assert.That(Directory.Exists(run), Is.False, "nothing written");
    }

    [Test]
    public void AVaeFromAnAutoencoderEncoderIsRefused()
    {
        var (code, output, error) = CliTests.Run(["import", "--model", "vae", "--encoder", Encoder, "--decoder", Decoder, "--out", _temp.File("vae"), .. Small]);
        AssertOneLine(code, output, error, "'encoder.6.weight' has shape (24, 2048)");
        Assert.That(error, Does.Contain("the course's Encoder(48) was expected"));
    }

    [Test]
    public void AFolderThatHoldsARunIsRefused()
    {
        var (code, output, error) = CliTests.Run(["import", "--model", "ae", "--encoder", Encoder, "--decoder", Decoder, "--out", _run, .. Small]);
        AssertOneLine(code, output, error, "already holds a run");
    }

    [Test]
    public void AMissingFileIsOneLine()
    {
        var (code, output, error) = CliTests.Run(["import", "--model", "ae", "--encoder", _temp.File("nope.safetensors"), "--decoder", Decoder, "--out", _temp.File("x"), .. Small]);
        AssertOneLine(code, output, error, "does not exist");
    }

    private static void AssertOneLine(int code, string output, string error, string expected)
    {
        Assert.That(code, Is.Not.Zero, output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Contain(expected));
        Assert.That(error, Does.Not.Contain("   at ").And.Not.Contain("Exception"), "no stack trace");
    }
}
