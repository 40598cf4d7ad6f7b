// The order of the syscalls that make a run folder survive a power cut (issue 27), read from `strace -f -y` of a real
// `engine train`: every file is fsynced before the rename that publishes it, the folder that holds each new name is
// fsynced after that rename (before the next one), checkpoint.new/ is fsynced before it becomes checkpoint/, and
// metrics.csv is fsynced before each training state that records its length. Skipped, with the reason, without strace.
namespace Engine.Tests.Training;

using System.Diagnostics;
using System.Text.RegularExpressions;
using Engine.Tests.Checkpoints;

[NonParallelizable]
public partial class DurableCommitTests
{
    private const string Strace = "/usr/bin/strace";

    [Test]
    public void EveryRenameIsFsyncedBeforeAndItsFolderAfter()
    {
        if (!File.Exists(Strace)) Assert.Ignore("strace is not installed: install the Debian package strace (.ci/run does).");
        using var temp = new TempFolder();
        string run = temp.File("run");
        string trace = temp.File("trace.txt");
        var start = new ProcessStartInfo(Strace) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-f", "-y", "-qq", "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", "-o", trace, "dotnet",
                     Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"), "train", "ae", "--epochs", "1", "--limit", "64",
                     "--test-limit", "32", "--batch-size", "32", "--latent", "2", "--checkpoint-every", "1", "--out", run })
        {
            start.ArgumentList.Add(arg);
        }
        using (var process = Process.Start(start)!)
        {
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0 && error.Result.Contains("PTRACE", StringComparison.Ordinal))
            {
                Assert.Ignore("strace cannot trace here (ptrace is not permitted): " + error.Result.Trim());
            }
            Assert.That(process.ExitCode, Is.Zero, output + error.Result);
        }
        var calls = Parse(File.ReadAllLines(trace), run);

        var renames = calls.Select((c, i) => (Call: c, Index: i)).Where(c => c.Call.Kind == "rename").ToList();
        var checkpointCommits = renames.Where(r => r.Call.To == Path.Combine(run, "checkpoint")).ToList();
        Assert.That(checkpointCommits, Has.Count.GreaterThanOrEqualTo(2), "a checkpoint at each of the two steps: " + Dump(calls));
        Assert.That(renames.Count(r => r.Call.To == Path.Combine(run, "config.json")), Is.EqualTo(1), Dump(calls));
        foreach (var (call, index) in renames)
        {
            string name = $"rename {call.From} -> {call.To}";
            int next = renames.Where(r => r.Index > index).Select(r => r.Index).DefaultIfEmpty(calls.Count).Min();
            bool isFolder = call.To == Path.Combine(run, "checkpoint") || call.To == Path.Combine(run, "checkpoint.old");
            if (!isFolder)
            {
                Assert.That(FsyncOf(calls, call.From!, 0, index), Is.True, $"{name}: the file is fsynced before its rename\n{Dump(calls)}");
            }
            else if (call.To.EndsWith("checkpoint", StringComparison.Ordinal))
            {
                int lastInside = renames.Where(r => r.Index < index && r.Call.To.StartsWith(call.From + "/", StringComparison.Ordinal)).Max(r => r.Index);
                Assert.That(FsyncOf(calls, call.From!, lastInside + 1, index), Is.True,
                    $"{name}: checkpoint.new/ is fsynced after its last file is in, before it is committed\n{Dump(calls)}");
            }
            Assert.That(FsyncOf(calls, Path.GetDirectoryName(call.To)!, index + 1, next), Is.True,
                $"{name}: the folder holding the new name is fsynced after the rename, before the next one\n{Dump(calls)}");
        }
        foreach (var (call, index) in renames.Where(r => r.Call.To!.EndsWith("checkpoint.new/training-state.safetensors", StringComparison.Ordinal)))
        {
            int lastCommit = checkpointCommits.Where(c => c.Index < index).Select(c => c.Index).DefaultIfEmpty(0).Max();
            Assert.That(FsyncOf(calls, Path.Combine(run, "metrics.csv"), lastCommit, index), Is.True,
                $"metrics.csv is fsynced before the training state that records its length\n{Dump(calls)}");
        }
    }

    private sealed record Call(string Kind, string? From, string To);

    /// <summary>fsync/fdatasync of <paramref name="path"/> among calls [from, to).</summary>
    private static bool FsyncOf(List<Call> calls, string path, int from, int to) =>
        calls.Skip(from).Take(Math.Max(0, to - from)).Any(c => c.Kind == "fsync" && c.To == path);

    /// <summary>The successful calls on paths inside <paramref name="run"/>, in order ("fsync" covers fdatasync).</summary>
    private static List<Call> Parse(IEnumerable<string> lines, string run)
    {
        var calls = new List<Call>();
        foreach (var line in lines)
        {
            if (!line.TrimEnd().EndsWith("= 0", StringComparison.Ordinal)) continue;
            if (FsyncLine().Match(line) is { Success: true } f)
            {
                if (f.Groups[1].Value.StartsWith(run, StringComparison.Ordinal)) calls.Add(new("fsync", null, f.Groups[1].Value));
            }
            else if (RenameLine().Match(line) is { Success: true } r && Unquote(r.Groups[2].Value).StartsWith(run, StringComparison.Ordinal))
            {
                calls.Add(new("rename", Unquote(r.Groups[1].Value), Unquote(r.Groups[2].Value)));
            }
        }
        return calls;
    }

    private static string Unquote(string path) => path.Trim('"');

    private static string Dump(List<Call> calls) => string.Join("\n", calls.Select(c => c.Kind == "rename" ? $"rename {c.From} -> {c.To}" : $"fsync {c.To}"));

    // fsync(12</tmp/x/run/metrics.csv>) = 0, with -f maybe "[pid 123] " or "123 " first.
    [GeneratedRegex(@"f(?:data)?sync\(\d+<([^>]+)>\)")]
    private static partial Regex FsyncLine();

    // rename("a", "b") = 0; renameat(AT_FDCWD</x>, "a", AT_FDCWD</x>, "b") = 0; renameat2(..., 0) = 0. Paths are absolute here.
    [GeneratedRegex(@"rename(?:at2?)?\((?:[^,]*, )?(""[^""]+"")(?:, [^,]*)?, (?:[^,]*, )?(""[^""]+"")")]
    private static partial Regex RenameLine();
}
