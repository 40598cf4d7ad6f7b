// The lock a process holds on a run folder while it writes there (train, resume, report, and sample, interpolate and
// arithmetic while they add their figures): an exclusive flock on run.lock,
// which the kernel releases when the process ends in any way, SIGKILL included, so a dead process never leaves a
// stale lock behind. A second writer gets one clear line instead of mixing its files with the first one's; a folder
// the process cannot write gets its own line. A clean release deletes run.lock (a kill leaves an empty one: harmless).
namespace Engine.Models.Training;

public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _path;

    private RunLock(FileStream stream, string path) => (_stream, _path) = (stream, path);

    /// <summary>
    /// Creates the folder if needed and takes its lock; throws <see cref="RunFolderBusyException"/> if another process holds
    /// it, and an <see cref="IOException"/> saying so when the folder is read-only.
    /// </summary>
    public static RunLock Acquire(RunFolder run)
    {
        for (int attempt = 0; ; attempt++)
        {
            FileStream stream;
            try
            {
                run.Create();
                // On Unix, FileShare.None is an exclusive, non-blocking flock on the open file.
                stream = new FileStream(run.Lock, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException e) when (IsBusy(e))
            {
                throw new RunFolderBusyException(
                    $"Run folder '{run.Path}' is in use by another engine process (a train, resume, " +
                    "report, sample, interpolate or arithmetic is writing there); wait for it to end or stop it, or (train) choose another folder with --out.");
            }
            catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException io && IsReadOnly(io)))
            {
                throw new IOException($"Run folder '{run.Path}' is read-only here ({Reason(e)}), and this verb writes there (its lock, " +
                    "checkpoints, figures or report): make it writable (chmod -R u+w, or mount it read-write), or copy the run to a " +
                    "writable folder and pass the copy. `engine eval` only reads a run.");
            }
            // The holder before us may have deleted run.lock between our open and our flock: then we hold a lock on a file
            // no longer in the folder, and a third process could lock a new run.lock. Check, and take the new file instead.
            if (StillNamed(stream, run.Lock) || attempt == 10) return new RunLock(stream, run.Lock);
            stream.Dispose();
        }
    }

    /// <summary>
    /// Whether another process holds the folder's lock (a run training or a verb writing there), checked without writing
    /// anything: run.lock, if present, is opened for reading with a shared, non-blocking flock (.NET on Unix takes LOCK_SH
    /// for a read-only FileShare.Read open), which fails only while a writer holds its exclusive lock; it is closed at once.
    /// </summary>
    public static bool IsHeld(RunFolder run)
    {
        try
        {
            using var probe = new FileStream(run.Lock, FileMode.Open, FileAccess.Read, FileShare.Read);
            return false;
        }
        catch (IOException e) when (IsBusy(e))
        {
            return true;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException)
        {
            return false;                                     // no run.lock: nobody writes there (a writer creates it first)
        }
    }

    /// <summary>Releases the lock and deletes run.lock (deleted while still locked, so no other process can hold the file we delete).</summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder that became read-only: the empty file stays; it locks nothing once we close it.
        }
        _stream.Dispose();
    }

    // EWOULDBLOCK/EAGAIN on Linux (11) and macOS (35), ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION on Windows.
    private static bool IsBusy(IOException e) =>
        e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    // EROFS on Linux (30) and macOS (30); EACCES/EPERM arrive as UnauthorizedAccessException.
    private static bool IsReadOnly(IOException e) =>
        e.HResult == 30 || e.Message.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase);

    private static string Reason(Exception e) => e is UnauthorizedAccessException ? "permission denied" : "a read-only file system";

    /// <summary>Whether the locked file is still the one at <paramref name="path"/> (Linux: /proc/self/fd; elsewhere assumed).</summary>
    private static bool StillNamed(FileStream stream, string path)
    {
        if (!OperatingSystem.IsLinux()) return true;
        try
        {
            string link = $"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}";
            return new FileInfo(link).LinkTarget is not string target || target == path;     // "(deleted)" is appended once unlinked
        }
        catch (IOException)
        {
            return true;
        }
    }
}

public sealed class RunFolderBusyException(string message) : IOException(message);
