// A full disk as one clear line: the bytes a checkpoint needs (checked before the first one, so a run that cannot save
// is refused before it trains), and a write that ran out of space mid-checkpoint said as such, with what is kept.
namespace Engine.Models.Training;

public static class DiskSpace
{
    /// <summary>
    /// The bytes a run's checkpoints need on disk: every tensor of the model's state dict and of the optimizers' state at
    /// 4 bytes (8 for counters) and what the experiment gathered (Experiment.GatheredState), plus headers and manifest (64 KiB), twice (checkpoint.new/ is written whole beside
    /// checkpoint/ before the swap), plus 1 MiB for metrics.csv and the figures' first rows.
    /// </summary>
    public static long CheckpointBytes(Experiment experiment)
    {
        long model = experiment.Model.StateDict().Sum(e => e.Entry.Values is { } v ? 4L * v.Count : 8L);
        long state = experiment.Optimizers.Sum(o => o.Optimizer.StateTensors().Sum(s => 4L * s.State.Count))
            + experiment.GatheredState().Sum(t => (long)t.Data.Length);
        return 2 * (model + state + (64 << 10)) + (1 << 20);
    }

    /// <summary>Refuses a run folder whose disk has less free space than <see cref="CheckpointBytes"/>, naming both numbers.</summary>
    public static void Check(Experiment experiment, RunFolder run)
    {
        long needed = CheckpointBytes(experiment);
        long free = Free(run.Path);
        if (free >= needed) return;
        throw new IOException($"The disk holding '{run.Path}' has {Bytes(free)} free, but this run's checkpoints need about " +
            $"{Bytes(needed)} (two copies while one replaces the other). Free some space, or choose a folder on another disk with --out.");
    }

    /// <summary>Whether an I/O error is "no space left on device" (ENOSPC, EDQUOT; ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL on Windows).</summary>
    public static bool IsFull(IOException e) =>
        e.HResult is 28 or 122 or unchecked((int)0x80070070) or unchecked((int)0x80070027)
        || e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase);

    /// <summary>The error for a checkpoint that ran out of space (its unfinished copy already removed).</summary>
    public static IOException FullWhileSaving(RunFolder run) =>
        new($"The disk holding '{run.Path}' is full ({Bytes(Free(run.Path))} free): the checkpoint could not be saved and its " +
            $"unfinished copy was removed; {RunCheckpoint.FolderName}/ keeps the last whole one, if any. Free some space, then " +
            $"continue with `engine resume {run.Path}`.");

    /// <summary>The free bytes on the disk that holds <paramref name="path"/> (its nearest existing folder).</summary>
    public static long Free(string path)
    {
        var folder = new DirectoryInfo(Path.GetFullPath(path));
        while (!folder.Exists && folder.Parent is { } parent) folder = parent;
        try
        {
            return new DriveInfo(folder.FullName).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return long.MaxValue;                                   // unknown: the write itself will say if it is full
        }
    }

    internal static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.0} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.0} MiB",
        _ => $"{bytes / 1024.0:0.0} KiB",
    } + $" ({bytes:N0} bytes)";
}
