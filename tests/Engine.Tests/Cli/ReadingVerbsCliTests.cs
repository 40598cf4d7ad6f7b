// Issue 12: the verbs that read a finished run (eval, report, sample, interpolate, arithmetic) open and check its
// checkpoint before they touch any data and read the test split alone; the ones that write figures into the run folder
// hold its lock while they do. The run is trained on a pinned copy of the bundled MNIST digits (--data), so a test can
// remove or poison that copy's files.
namespace Engine.Tests.Cli;

using Engine.Models;
using Engine.Models.Training;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class ReadingVerbsCliTests
{
    private static readonly string[] Tiny = ["--epochs", "1", "--limit", "64", "--test-limit", "200", "--batch-size", "32", "--latent", "2"];

    private TempFolder _temp = null!;
    private string _data = null!;
    private string _run = null!;

    /// <summary>The verbs that read a finished run, with the arguments each needs besides the folder.</summary>
    private static readonly string[][] Readers =
    [
        ["eval"], ["report"], ["sample", "--count", "4"], ["interpolate", "--from", "0", "--to", "1", "--steps", "3", "--frames", "4"],
        ["arithmetic", "--a", "1", "--b", "2", "--c", "3"],
    ];

    [OneTimeSetUp]
    public void TrainOnAPinnedCopy()
    {
        _temp = new TempFolder();
        _data = _temp.Folder("mnist");
        foreach (var file in Directory.GetFiles(MnistDigits.FindRepositoryData()!, "*-ubyte.gz"))
        {
            File.Copy(file, Path.Combine(_data, Path.GetFileName(file)));
        }
        _run = _temp.File("run");
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--dataset", "mnist", "--data", _data, "--out", _run]);
        Assert.That(code, Is.Zero, output + error);
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void TheReadingVerbsReadOnlyTheTestSplit()
    {
        string[] training = ["train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"];
        foreach (var file in training) File.Move(Path.Combine(_data, file), Path.Combine(_temp.Path, file));
        try
        {
            var train = CliTests.Run(["train", "ae", .. Tiny, "--dataset", "mnist", "--data", _data, "--out", _temp.File("needs-training")]);
            Assert.That(train.Code, Is.Not.Zero, "training does need the training files, so they are really gone");
            Assert.That(train.Error, Does.Contain("train-images-idx3-ubyte"));
            foreach (var verb in Readers)
            {
                var (code, output, error) = CliTests.Run([verb[0], _run, .. verb[1..]]);
                Assert.That(code, Is.Zero, $"{verb[0]}: {output}{error}");
            }
            Assert.That(CliTests.Run("eval", _run).Out, Does.Contain("test bce"));
            Assert.That(File.ReadAllText(new RunFolder(_run).Report), Does.Contain("200 test images").And.Contain("test split only"));
        }
        finally
        {
            foreach (var file in training) File.Move(Path.Combine(_temp.Path, file), Path.Combine(_data, file));
        }
    }

    [Test]
    public void ADamagedOrMissingCheckpointIsReportedBeforeAnyDataIsRead()
    {
        string damaged = Copy(_run, "damaged");
        File.AppendAllText(new RunFolder(damaged).Model, "x");                     // no longer the file its manifest describes
        string missing = Copy(_run, "no-checkpoint");
        Directory.Delete(new RunFolder(missing).Checkpoint, recursive: true);
        string images = Path.Combine(_data, "t10k-images-idx3-ubyte.gz");
        byte[] saved = File.ReadAllBytes(images);
        File.WriteAllText(images, "not an IDX file");                              // any read of the test split throws
        try
        {
            var control = CliTests.Run("eval", _run);
            Assert.That(control.Code, Is.Not.Zero, "the poisoned data does throw when it is read");
            Assert.That(control.Error, Does.Contain("t10k-images-idx3-ubyte.gz"));
            foreach (var verb in Readers.Append(["resume"]))
            {
                AssertCheckpointError(CliTests.Run([verb[0], damaged, .. verb[1..]]), verb[0], "model.safetensors is not the file that was saved");
                if (verb[0] != "resume")                                           // resume trains a run without a checkpoint from the start
                {
                    AssertCheckpointError(CliTests.Run([verb[0], missing, .. verb[1..]]), verb[0], "has no checkpoint yet");
                }
            }
        }
        finally
        {
            File.WriteAllBytes(images, saved);
        }
    }

    [Test]
    public void TheFigureVerbsHoldTheRunsLockWhileTheyWrite()
    {
        string run = Copy(_run, "locked");
        var folder = new RunFolder(run);
        using (var writer = TrainedRun.OpenForWriting(run))
        {
            Assert.Throws<RunFolderBusyException>(() => RunLock.Acquire(folder).Dispose(), "held from the opening");
            foreach (var verb in new[] { "sample", "interpolate", "arithmetic", "report", "resume" })
            {
                var args = Readers.FirstOrDefault(r => r[0] == verb) ?? [verb];
                var (code, output, error) = CliTests.Run([verb, run, .. args[1..]]);
                Assert.That(code, Is.Not.Zero, verb);
                Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
                Assert.That(error, Does.Contain("is in use by another engine process"), verb);
            }
            var figure = LatentSampling.Write(writer, 4, seed: 3);
            Assert.That(writer.AddToReport([figure]), Is.EqualTo(folder.Report), "the holder itself rewrites the report");
            Assert.Throws<RunFolderBusyException>(() => RunLock.Acquire(folder).Dispose(), "still held after writing");
        }
        Assert.DoesNotThrow(() => RunLock.Acquire(folder).Dispose(), "released when disposed");
        Assert.That(CliTests.Run(["sample", run, "--count", "4"]).Code, Is.Zero);
    }

    [Test]
    public void ARunOpenedForReadingCannotAddFigures()
    {
        using var reader = TrainedRun.Load(_run);
        Assert.Throws<InvalidOperationException>(() => reader.AddToReport([]));
    }

    private static void AssertCheckpointError((int Code, string Out, string Error) result, string verb, string expected)
    {
        Assert.That(result.Code, Is.Not.Zero, verb);
        Assert.That(result.Error.Trim().Split('\n'), Has.Length.EqualTo(1), $"{verb}: {result.Error}");
        Assert.That(result.Error, Does.Contain(expected).And.Not.Contain("t10k"), $"{verb}: the checkpoint error, not the data's");
        Assert.That(result.Error, Does.Not.Contain("   at "), "no stack trace");
    }

    private string Copy(string from, string name)
    {
        string to = _temp.File(name);
        RunFolderCliTests.Copy(from, to);
        return to;
    }
}
