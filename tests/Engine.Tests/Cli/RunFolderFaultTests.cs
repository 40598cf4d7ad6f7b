// Faults of the disk and the folder said as what they are (issue 27): a read-only run folder is not "in use", a full disk
// is refused before the first checkpoint with the bytes needed and named when it fills during one (its unfinished copy
// removed), a stale checkpoint.new/ is removed and said so, and a clean exit leaves no run.lock. The read-only and
// full-disk cases need a folder the process cannot write: a read-only bind mount or a small tmpfs when running as root
// (root ignores permissions), chmod otherwise; skipped with the reason where neither is possible.
namespace Engine.Tests.Cli;

using System.Diagnostics;
using Engine.Models.Training;
using Engine.Tests.Checkpoints;

[NonParallelizable]
public class RunFolderFaultTests
{
    private static readonly string[] Toy = ["cae-toy", "--epochs", "2", "--seed", "4"];

    private TempFolder _temp = null!;
    private string _run = null!;

    [OneTimeSetUp]
    public void TrainToy()
    {
        _temp = new TempFolder();
        _run = _temp.File("toy");
        var (code, output, error) = CliTests.Run(["train", .. Toy, "--out", _run]);
        Assert.That(code, Is.Zero, output + error);
    }

    [OneTimeTearDown]
    public void Clean() => _temp.Dispose();

    [Test]
    public void ACleanExitLeavesNoRunLock()
    {
        Assert.That(File.Exists(new RunFolder(_run).Lock), Is.False, "train");
        Assert.That(CliTests.Run("report", _run).Code, Is.Zero);
        Assert.That(File.Exists(new RunFolder(_run).Lock), Is.False, "report");
    }

    [Test, System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void AReadOnlyRunFolderIsSaidToBeReadOnlyNotBusy()
    {
        string run = _temp.File("read-only");
        RunFolderCliTests.Copy(_run, run);
        using (ReadOnly(run))
        {
            string[][] verbs = [["report", run], ["sample", run], ["resume", run], ["train", .. Toy, "--out", run, "--overwrite"]];
            foreach (var args in verbs)
            {
                var (code, output, error) = CliTests.Run(args);
                Assert.That(code, Is.EqualTo(1), args[0] + ": " + output + error);
                Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
                Assert.That(error, Does.Contain($"Run folder '{run}' is read-only here").And.Contain("copy the run to a writable folder")
                    .And.Not.Contain("in use"), args[0]);
            }
            var eval = CliTests.Run("eval", run);
            Assert.That(eval.Code, Is.Zero, "eval only reads: " + eval.Error);
        }
    }

    [Test]
    public void AStaleCheckpointNewIsRemovedAndSaidSo()
    {
        string run = _temp.File("stale");
        RunFolderCliTests.Copy(_run, run);
        string next = Path.Combine(run, "checkpoint.new");
        Directory.CreateDirectory(next);
        File.WriteAllText(Path.Combine(next, "model.safetensors"), "half a checkpoint");
        var (code, output, error) = CliTests.Run("report", run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain($"Removed checkpoint.new/ from {run}: a checkpoint a stopped process had not finished saving"));
        Assert.That(Directory.Exists(next), Is.False);
    }

    [Test]
    public void ADiskTooSmallForTheCheckpointsIsRefusedBeforeTraining()
    {
        using var disk = SmallDisk("1m");
        string run = Path.Combine(disk.Path, "run");
        var (code, output, error) = CliTests.Run(["train", .. Toy, "--out", run]);
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Match(@"The disk holding '.*run' has .* free, but this run's checkpoints need about [\d.]+ MiB \([\d,]+ bytes\)")
            .And.Contain("choose a folder on another disk with --out"));
        Assert.That(Directory.Exists(run), Is.False, "nothing written");
    }

    [Test]
    public void ADiskThatFillsDuringACheckpointIsNamedAndLosesNothing()
    {
        using var disk = SmallDisk("8m");
        string run = Path.Combine(disk.Path, "run");
        using (var cancel = new CancellationTokenSource())
        {
            var config = new RunConfig { Family = "cae-toy", Latent = 1, Epochs = 4, LearningRate = 1e-3f, Seed = 4, CheckpointEvery = 1 };
            var driver = new RunDriver { Log = _ => { }, OnStep = (_, _, _, _) => cancel.Cancel() };
            Assert.That(driver.Train(config, run, cancel: cancel.Token).Report, Is.Null, "stopped with a checkpoint");
        }
        var before = File.ReadAllBytes(new RunFolder(run).Model);
        string filler = Path.Combine(disk.Path, "filler");
        using (var fill = new FileStream(filler, FileMode.CreateNew))
        {
            var block = new byte[4096];                              // written, not a sparse length: tmpfs counts only real pages
            for (long left = new DriveInfo(disk.Path).AvailableFreeSpace - 16 * 1024; left > 0; left -= block.Length) fill.Write(block);
        }
        var (code, output, error) = CliTests.Run("resume", run);
        Assert.That(code, Is.EqualTo(1), output + error);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), error);
        Assert.That(error, Does.Contain($"The disk holding '{run}' is full").And.Contain($"engine resume {run}"));
        Assert.That(Directory.Exists(Path.Combine(run, "checkpoint.new")), Is.False, "the unfinished copy is removed");
        Assert.That(File.ReadAllBytes(new RunFolder(run).Model), Is.EqualTo(before), "the last checkpoint is kept");
        File.Delete(filler);
        var resumed = CliTests.Run("resume", run);
        Assert.That(resumed.Code, Is.Zero, resumed.Out + resumed.Error);
    }

    /// <summary>Makes <paramref name="folder"/> read-only until disposed: a read-only bind mount as root, chmod otherwise.</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static IDisposable ReadOnly(string folder)
    {
        if (Environment.UserName != "root")
        {
            var modes = Directory.EnumerateFileSystemEntries(folder, "*", SearchOption.AllDirectories).Append(folder)
                .ToDictionary(p => p, File.GetUnixFileMode);
            foreach (var (path, mode) in modes)
            {
                File.SetUnixFileMode(path, mode & ~(UnixFileMode.UserWrite | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite));
            }
            return new Undo(() => { foreach (var (path, mode) in modes) File.SetUnixFileMode(path, mode); });
        }
        Mount(["--bind", folder, folder], "a read-only bind mount");
        if (Sh("mount", ["-o", "remount,ro,bind", folder]) != 0)
        {
            Sh("umount", [folder]);
            Assert.Ignore("cannot make a read-only folder here: running as root (permissions do not apply) and remount is not permitted");
        }
        return new Undo(() => Sh("umount", [folder]));
    }

    /// <summary>A tmpfs of <paramref name="size"/> (root only), unmounted when disposed.</summary>
    private static Disk SmallDisk(string size)
    {
        if (Environment.UserName != "root") Assert.Ignore("a full disk needs a small tmpfs, which only root can mount");
        var temp = new TempFolder();
        Mount(["-t", "tmpfs", "-o", "size=" + size, "tmpfs", temp.Path], "a tmpfs");
        return new Disk(temp);
    }

    private static void Mount(string[] args, string what)
    {
        if (Sh("mount", args) != 0) Assert.Ignore($"cannot make {what} here: mount is not permitted (a container without CAP_SYS_ADMIN)");
    }

    private static int Sh(string program, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, UseShellExecute = false })!;
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }

    private sealed class Undo(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }

    private sealed class Disk(TempFolder temp) : IDisposable
    {
        public string Path => temp.Path;

        public void Dispose()
        {
            Sh("umount", [temp.Path]);
            temp.Dispose();
        }
    }
}
