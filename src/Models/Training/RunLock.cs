// The lock a process holds on a run folder while it writes there (train, resume, report, and sample, interpolate and
// arithmetic while they add their figures): an exclusive flock on run.lock,
// which the kernel releases when the process ends in any way, SIGKILL included, so a dead process never leaves a
// stale lock behind. A second writer gets one clear line instead of mixing its files with the first one's.
namespace Engine.Models.Training;

public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;

    private RunLock(FileStream stream) => _stream = stream;

    /// <summary>Creates the folder if needed and takes its lock; throws <see cref="RunFolderBusyException"/> if another process holds it.</summary>
    public static RunLock Acquire(RunFolder run)
    {
        run.Create();
        try
        {
            // On Unix, FileShare.None is an exclusive, non-blocking flock on the open file.
            return new RunLock(new FileStream(run.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException) when (File.Exists(run.Lock))
        {
            throw new RunFolderBusyException(
                $"Run folder '{run.Path}' is in use by another engine process (a train, resume, " +
                "report, sample, interpolate or arithmetic is writing there); wait for it to end or stop it, or (train) choose another folder with --out.");
        }
    }

    public void Dispose() => _stream.Dispose();
}

public sealed class RunFolderBusyException(string message) : IOException(message);
