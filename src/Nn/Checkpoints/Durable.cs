// Making a write survive a power cut, not only a kill: a file's bytes reach the disk with fsync before the rename that
// publishes it, and the folder that holds the new name is fsynced after the rename, so the name itself is on disk too.
// .NET has no call that fsyncs a folder; on Linux we open it with open(O_RDONLY | O_DIRECTORY) from libc and fsync that.
namespace Engine.Nn.Checkpoints;

using System.Runtime.InteropServices;

public static class Durable
{
    /// <summary>
    /// Flushes a folder's entries (the names created, renamed or deleted in it) to disk. Linux only: elsewhere it does
    /// nothing (macOS and Windows need other calls: F_FULLFSYNC, FlushFileBuffers on a directory handle), so there the
    /// guarantee is only the kill one (a whole file or the old one).
    /// </summary>
    public static void FsyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        int fd = Open(folder, ReadOnly | ODirectory);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open the folder '{folder}' to flush it to disk ({Marshal.GetPInvokeErrorMessage(errno)}); " +
                "check that it exists and is readable.");
        }
        try
        {
            if (Fsync(fd) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Could not flush the folder '{folder}' to disk ({Marshal.GetPInvokeErrorMessage(errno)}); " +
                    "the disk or file system reported an error: check it (dmesg) before training again.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>Flushes a file's bytes to disk (fsync on a fresh descriptor: fsync covers the file, not the descriptor).</summary>
    public static void FsyncFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Renames a file over <paramref name="destination"/> and flushes the folder that holds the new name.</summary>
    public static void MoveFile(string source, string destination)
    {
        File.Move(source, destination, overwrite: true);
        FsyncFolder(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    }

    /// <summary>Renames a folder and flushes the folder that holds the new name.</summary>
    public static void MoveFolder(string source, string destination)
    {
        Directory.Move(source, destination);
        FsyncFolder(Path.GetDirectoryName(Path.GetFullPath(destination))!);
    }

    private const int ReadOnly = 0;                                                 // O_RDONLY

    // O_DIRECTORY: 0200000 on x86-64, 040000 on arm64 and 32-bit arm (asm-generic/fcntl.h and its arch overrides).
    private static int ODirectory => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x4000 : 0x10000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
