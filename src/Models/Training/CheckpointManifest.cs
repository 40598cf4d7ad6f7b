// checkpoint/manifest.txt: the size and SHA-256 of both checkpoint files, written last (after both are on disk), with a
// last line holding the SHA-256 of the lines above it, so a changed byte anywhere (either file or the manifest itself)
// is found and the file at fault named. Four lines, readable and checkable by hand (`sha256sum`):
//   engine-checkpoint-manifest 1
//   model.safetensors <bytes> <sha256>
//   training-state.safetensors <bytes> <sha256>
//   manifest <sha256 of the three lines above, newlines included>
namespace Engine.Models.Training;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Engine.Nn.Checkpoints;

public static class CheckpointManifest
{
    public const string FileName = "manifest.txt";
    private const string FirstLine = "engine-checkpoint-manifest 1";
    private static readonly string[] Files = [RunCheckpoint.ModelFile, RunCheckpoint.StateFile];

    /// <summary>Writes the manifest of the two files in <paramref name="folder"/> (atomically, flushed to disk, the folder too).</summary>
    public static void Write(string folder)
    {
        var body = new StringBuilder(FirstLine).Append('\n');
        foreach (var name in Files)
        {
            string path = Path.Combine(folder, name);
            body.Append(CultureInfo.InvariantCulture, $"{name} {new FileInfo(path).Length} {RunCheckpoint.Sha256(path)}\n");
        }
        string text = body + $"manifest {Hash(body.ToString())}\n";
        SafetensorsFile.WriteAtomically(Path.Combine(folder, FileName), s => s.Write(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// Checks both files against the manifest in <paramref name="folder"/>: the manifest whole (its own SHA-256), then each
    /// file's size and SHA-256. Throws an <see cref="InvalidDataException"/> naming the file at fault.
    /// </summary>
    public static void Verify(string folder)
    {
        string path = Path.Combine(folder, FileName);
        var bytes = File.ReadAllBytes(path);
        var entries = Parse(bytes) ?? throw new InvalidDataException(
            $"The checkpoint in {folder} is damaged: {FileName} (the two files' sizes and SHA-256) is not the manifest it wrote " +
            "(a changed byte, or it was edited). Its files cannot be trusted; restore the folder from a copy, or train again with --overwrite.");
        foreach (var (name, size, sha) in entries)
        {
            var file = new FileInfo(Path.Combine(folder, name));
            string problem = file.Length != size
                ? $"it holds {file.Length:N0} bytes where {size:N0} were saved (cut short or extended)"
                : RunCheckpoint.Sha256(file.FullName) != sha ? "its SHA-256 differs from the one saved with it (a changed byte)" : "";
            if (problem.Length == 0) continue;
            throw new InvalidDataException($"The checkpoint in {folder} is damaged: {name} is not the file that was saved: {problem}. " +
                "A disk error or a hand edit changed it; restore the folder from a copy, or train again with --overwrite.");
        }
    }

    /// <summary>The entries of a manifest that is whole and well-formed, or null.</summary>
    private static List<(string Name, long Size, string Sha)>? Parse(byte[] bytes)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var lines = text.Split('\n');
        if (lines.Length != Files.Length + 3 || lines[^1].Length != 0 || lines[0] != FirstLine) return null;
        string body = string.Concat(lines.Take(Files.Length + 1).Select(l => l + "\n"));
        if (lines[^2] != $"manifest {Hash(body)}") return null;
        var entries = new List<(string, long, string)>();
        for (int i = 0; i < Files.Length; i++)
        {
            var cells = lines[i + 1].Split(' ');
            if (cells.Length != 3 || cells[0] != Files[i] || !long.TryParse(cells[1], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
            {
                return null;
            }
            entries.Add((cells[0], size, cells[2]));
        }
        return entries;
    }

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}
