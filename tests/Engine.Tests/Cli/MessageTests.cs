// The messages and exit codes of issue 27, item 6: a device no run accepts is a usage error (exit 2); a batch larger than
// the training set is clamped with one line (and config.json records it); an empty IDX, an --out the system cannot hold
// and a --data that is a file each name the problem and the fix, exit 1.
namespace Engine.Tests.Cli;

using Engine.Tests.Checkpoints;
using Engine.Tests.Data;

[NonParallelizable]
public class MessageTests
{
    private static readonly string[] Tiny = ["--epochs", "1", "--limit", "64", "--test-limit", "32", "--latent", "2"];

    [TestCase("tpu:3"), TestCase("cuda:x"), TestCase("gpu")]
    public void ADeviceNoRunAcceptsIsAUsageError(string device)
    {
        using var temp = new TempFolder();
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--device", device, "--out", temp.File("run")]);
        CliTests.AssertUsageError(code, output, error, $"unknown --device '{device}'; use auto, cpu, cuda, cuda:N or ilgpu-cpu");
        Assert.That(Directory.Exists(temp.File("run")), Is.False);
    }

    [Test]
    public void ABatchLargerThanTheTrainingSetIsClampedWithOneLine()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--batch-size", "10000000", "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("--batch-size 10,000,000 is larger than the training set (64 images): each epoch is one batch of all 64"));
        Assert.That(output, Does.Contain("batch 1/1"));
        Assert.That(File.ReadAllText(Path.Combine(run, "config.json")), Does.Contain("\"batch-size\": 64"));
    }

    [Test]
    public void AnIdxWithNoImagesSaysSoAndHowToFixIt()
    {
        using var temp = new TempFolder();
        string data = temp.Folder("empty");
        IdxFiles.WriteSet(data, 0, 0);
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--data", data, "--out", temp.File("run")]);
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Contain("holds 0 images (a valid but empty IDX file)").And.Contain("point --data at another folder")
            .And.Not.Contain("Slice(").And.Not.Contain("Parameter"));
    }

    [Test]
    public void DataThatIsAFileIsNotCalledMissing()
    {
        using var temp = new TempFolder();
        string file = temp.File("passwd");
        File.WriteAllText(file, "root:x:0:0::/root:/bin/sh\n");
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--data", file, "--out", temp.File("run")]);
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(error, Does.Contain($"--data names the file '{file}', not a folder; point it at the folder that holds the four")
            .And.Not.Contain("does not exist"));
    }

    [Test]
    public void AnOutFolderTheSystemCannotHoldIsNamedBeforeTraining()
    {
        if (!Directory.Exists("/proc/self")) Assert.Ignore("needs Linux's /proc");
        var (code, output, error) = CliTests.Run(["train", "ae", .. Tiny, "--out", "/proc/x"]);
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Contain("Cannot create the run folder '/proc/x' (/proc is a kernel file system that holds no new folders); " +
            "choose a folder on a writable disk with --out").And.Not.Contain("Could not find file"));
        Assert.That(output, Does.Not.Contain("Training "), "refused before training");

        using var temp = new TempFolder();
        string file = temp.File("a-file");
        File.WriteAllText(file, "");
        var under = CliTests.Run(["train", "ae", .. Tiny, "--out", Path.Combine(file, "run")]);
        Assert.That(under.Code, Is.EqualTo(1), under.Out + under.Error);
        Assert.That(under.Error, Does.Contain($"Cannot create the run folder '{Path.Combine(file, "run")}'").And.Contain("--out"));
    }
}
