// The careless and hostile cases of issue 12 from the command line: a folder that holds a run, a second writer, a
// mismatched or damaged checkpoint, a broken config.json, impossible option values, a run that does not learn, a NaN
// with --detect-anomaly. Each gives one clear line and a non-zero exit, and loses no earlier run.
namespace Engine.Tests.Cli;

using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class RunFolderCliTests
{
    private static readonly string[] Tiny = ["--epochs", "1", "--limit", "64", "--test-limit", "32", "--batch-size", "32", "--latent", "2"];

    private TempFolder _temp = null!;
    private string _run = null!;
    private string _other = null!;

    [OneTimeSetUp]
    public void TrainTwoRuns()
    {
        _temp = new TempFolder();
        _run = _temp.File("run");
        _other = _temp.File("other");
        Assert.That(CliTests.Run(["train", "ae", .. Tiny, "--out", _run]).Code, Is.Zero);
        Assert.That(CliTests.Run(["train", "ae", .. Tiny, "--seed", "2", "--out", _other]).Code, Is.Zero);
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void TrainRefusesAFolderThatHoldsARun()
    {
        var before = Snapshot(_run);
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--seed", "3", "--out", _run]);
        AssertOneLine(code, output, error, "already holds a run");
        Assert.That(error, Does.Contain($"engine resume {_run}").And.Contain("--overwrite"));
        AssertUnchanged(before, _run);
    }

    [Test]
    public void OverwriteReplacesTheRun()
    {
        string run = _temp.File("replaced");
        Copy(_run, run);
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--seed", "3", "--out", run, "--overwrite"]);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"seed\": 3"));
        Assert.That(File.ReadAllBytes(new RunFolder(run).Model), Is.Not.EqualTo(File.ReadAllBytes(new RunFolder(_run).Model)));
    }

    [Test]
    public void TrainRefusesAFolderOfOtherFiles()
    {
        string folder = _temp.Folder("mine");
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "keep me");
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--out", folder, "--overwrite"]);
        AssertOneLine(code, output, error, "holds files but no run");
        Assert.That(Directory.GetFileSystemEntries(folder).Select(Path.GetFileName), Is.EqualTo(new[] { "notes.txt" }));
    }

    [Test]
    public void ASecondWriterGetsOneLine()
    {
        var before = Snapshot(_run);
        using (RunLock.Acquire(new RunFolder(_run)))                   // as if another process were training it
        {
            string[][] verbs = [["train", "ae", "--out", _run, "--overwrite", .. Tiny], ["resume", _run], ["report", _run], ["graph", _run, "--batch", "2"]];
            foreach (var args in verbs)
            {
                var (code, output, error) = CliTests.Run(args);
                AssertOneLine(code, output, error, "is in use by another engine process");
            }
        }
        AssertUnchanged(before, _run);
        Assert.That(CliTests.Run("report", _run).Code, Is.Zero, "the lock is gone with its holder");
    }

    [Test]
    public void ResumeRefusesAMismatchedPair()
    {
        string run = _temp.File("mismatched");
        Copy(_run, run);
        File.Copy(new RunFolder(_other).Model, new RunFolder(run).Model, overwrite: true);
        var before = Snapshot(run);
        foreach (var verb in new[] { "resume", "eval", "report" })
        {
            var (code, output, error) = CliTests.Run(verb, run);
            AssertOneLine(code, output, error, "model.safetensors is not the file that was saved");
        }
        AssertUnchanged(before, run);
    }

    [Test]
    public void EvalFinishesASwapThatAKillCutShort()
    {
        string run = _temp.File("mid-swap");
        Copy(_run, run);
        var folder = new RunFolder(run);
        Copy(folder.Checkpoint, folder.Checkpoint + ".new");                  // the new checkpoint, whole
        Directory.Move(folder.Checkpoint, folder.Checkpoint + ".old");         // killed between the two renames
        var (code, output, error) = CliTests.Run("eval", run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(Directory.Exists(folder.Checkpoint), "the swap is finished");
        Assert.That(Directory.Exists(folder.Checkpoint + ".old") || Directory.Exists(folder.Checkpoint + ".new"), Is.False);
    }

    [Test]
    public void ResumeRefusesAConfigThatIsNotTheCheckpoints()
    {
        string run = _temp.File("edited");
        Copy(_run, run);
        string config = Path.Combine(run, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"seed\": 1", "\"seed\": 7"));
        var (code, output, error) = CliTests.Run("resume", run);
        AssertOneLine(code, output, error, "does not match the configuration");
    }

    [TestCase("{ \"model\": ")]
    [TestCase("{ \"model\": \"ae\", \"kl-weight\": -1 }")]
    [TestCase("{ \"model\": \"ae\", \"epochs\": \"five\" }")]
    public void BrokenConfigIsOneSentence(string json)
    {
        string run = _temp.File("broken-" + Guid.NewGuid().ToString("N"));
        Copy(_run, run);
        File.WriteAllText(Path.Combine(run, "config.json"), json);
        foreach (var verb in new[] { "resume", "eval" })
        {
            var (code, output, error) = CliTests.Run(verb, run);
            AssertOneLine(code, output, error, "config.json");
        }
    }

    [TestCase("running_var", -1f, "is the negative variance -1")]
    [TestCase("weight", float.NaN, "is NaN")]
    [TestCase("bias", float.PositiveInfinity, "is Infinity")]
    public void DamagedWeightsAreRefusedWithTheTensorName(string suffix, float value, string what)
    {
        string run = _temp.File("damaged-" + Guid.NewGuid().ToString("N"));
        Copy(_run, run);
        var folder = new RunFolder(run);
        var contents = SafetensorsFile.Read(folder.Model);
        var target = contents.Tensors.First(t => t.Name.EndsWith(suffix, StringComparison.Ordinal) && t.DType == SafetensorsDType.F32);
        var values = target.ToFloats();
        values[0] = value;
        var tensors = contents.Tensors.Select(t => ReferenceEquals(t, target) ? SafetensorsTensor.FromFloats(t.Name, values, [.. t.Shape]) : t).ToList();
        SafetensorsFile.Write(folder.Model, tensors, contents.Metadata);
        var state = SafetensorsFile.Read(folder.TrainingState);             // keep the pair consistent: only the weights are bad
        var meta = state.Metadata.ToDictionary(m => m.Key, m => m.Value);
        meta["model_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(folder.Model)));
        SafetensorsFile.Write(folder.TrainingState, state.Tensors, meta);
        CheckpointManifest.Write(folder.Checkpoint);                         // and the manifest: a hand edit that covers its tracks
        foreach (var verb in new[] { "eval", "resume", "sample" })
        {
            var (code, output, error) = CliTests.Run(verb, run);
            AssertOneLine(code, output, error, $"tensor '{target.Name}': element 0 of {values.Length} {what}");
        }
    }

    [TestCase("--kl-weight", "-1"), TestCase("--kl-weight", "NaN"), TestCase("--kl-weight", "Infinity"), TestCase("--beta", "-1"), TestCase("--beta", "NaN")]
    [TestCase("--noise", "NaN"), TestCase("--noise", "Infinity"), TestCase("--lr", "Infinity"), TestCase("--threads", "100000")]
    [TestCase("--sparsity-target", "NaN"), TestCase("--checkpoint-every", "0")]
    public void ImpossibleOptionsAreAUsageErrorAndWriteNothing(string option, string value)
    {
        string run = _temp.File("never-" + Guid.NewGuid().ToString("N"));
        var (code, output, error) = CliTests.Run(["train", "vae", .. Tiny, option, value, "--out", run]);
        CliTests.AssertUsageError(code, output, error, option);
        Assert.That(Directory.Exists(run), Is.False, "nothing written");
    }

    [Test]
    public void ABatchThatDoesNotFitIsRefusedWithTheNumbers()
    {
        var estimate = new MemoryEstimate(BytesPerImage: 1_000_000, FixedBytes: 500_000_000);
        var config = new RunConfig { Family = "ae", BatchSize = 60000 };
        var e = Assert.Throws<ArgumentException>(() => estimate.Check(config, available: 8_000_000_000))!;
        Assert.That(e.Message, Does.Contain("--batch-size 60000 would need about 60.5 GB").And.Contain("8.0 GB are available")
            .And.Contain("Use --batch-size 7500 or less"));
        Assert.DoesNotThrow(() => estimate.Check(config with { BatchSize = 7500 }, available: 8_000_000_000));
    }

    [Test]
    public void ARunThatDoesNotLearnEndsWithAWarning()
    {
        string run = _temp.File("dead");
        var (code, output, error) = CliTests.Run(["train", "ae", "--lr", "3", "--epochs", "2", "--limit", "128", "--test-limit", "32",
            "--batch-size", "32", "--out", run]);
        Assert.That(code, Is.EqualTo(Engine.Cli.TrainingSession.UnhealthyExitCode), output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.StartWith("engine: the run finished but did not learn"));
        Assert.That(output, Does.Contain("Warning: The training loss did not fall").And.Contain("Report: "));
        Assert.That(File.ReadAllText(Path.Combine(run, "report.html")), Does.Contain("class=\"warning\"").And.Contain("did not fall"));
        var report = CliTests.Run("report", run);
        Assert.That(report.Out, Does.Contain("Warning: "), "rewriting the report keeps the warning");
    }

    [Test]
    public void WeightsThatBecomeInfiniteStopTheRunKeepingTheLastCheckpoint()
    {
        string run = _temp.File("exploded");
        var (code, output, error) = CliTests.Run(["train", "ae", "--lr", "1000", "--epochs", "2", "--limit", "128", "--test-limit", "32",
            "--batch-size", "32", "--checkpoint-every", "4", "--out", run]);
        AssertOneLine(code, output, error, "The weights became unusable by step 8: tensor 'decoder.");
        Assert.That(error, Does.Contain($"The last checkpoint (step 4, before this happened) is kept in {new RunFolder(run).Checkpoint}"));
        Assert.That(CliTests.Run("eval", run).Code, Is.Zero, "the kept checkpoint is whole and loads");
    }

    [Test]
    public void DetectAnomalyNamesTheFirstNonFiniteOp()
    {
        string run = _temp.File("anomaly");
        var (code, output, error) = CliTests.Run(["train", "vae", "--lr", "100", "--epochs", "1", "--limit", "128", "--test-limit", "32",
            "--batch-size", "32", "--detect-anomaly", "--out", run]);
        AssertOneLine(code, output, error, "Anomaly: Reparametrize is the first op whose output is not finite");
    }

    [Test]
    public void ALossThatBecomesNaNSaysWhetherACheckpointExists()
    {
        string run = _temp.File("nan");
        var (code, output, error) = CliTests.Run(["train", "vae", "--lr", "100", "--epochs", "1", "--limit", "128", "--test-limit", "32",
            "--batch-size", "32", "--out", run]);
        AssertOneLine(code, output, error, "is not finite");
        bool saved = Directory.Exists(new RunFolder(run).Checkpoint);
        Assert.That(error, saved ? Does.Contain("The last checkpoint (step") : Does.Contain("No checkpoint had been saved yet"));
        Assert.That(error, Does.Not.Contain("last good checkpoint is kept"));
    }

    private static void AssertOneLine(int code, string output, string error, string expected)
    {
        Assert.That(code, Is.Not.Zero, output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Contain(expected));
        Assert.That(error, Does.Not.Contain("   at ").And.Not.Contain("Exception").And.Not.Contain(".NET"), "no stack trace, no .NET internals");
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(f => Path.GetRelativePath(folder, f), File.ReadAllBytes);

    private static void AssertUnchanged(Dictionary<string, byte[]> before, string folder)
    {
        var after = Snapshot(folder);
        Assert.That(after.Keys, Is.EquivalentTo(before.Keys), "the same files");
        foreach (var (file, bytes) in before) Assert.That(after[file], Is.EqualTo(bytes), file);
    }

    /// <summary>Copies a run folder (every file, the checkpoint folder included).</summary>
    internal static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
