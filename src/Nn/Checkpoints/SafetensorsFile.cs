// Writes safetensors files (huggingface/safetensors format): u64 little-endian header length N, N bytes of
// JSON padded with spaces to a multiple of 8, then the tensors' bytes packed with no gaps. The write is atomic.
// Reading and validation live in SafetensorsFile.Read.cs.
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Engine.Nn.Checkpoints;

/// <summary>What a safetensors file holds: its tensors in file (offset) order and its string metadata.</summary>
public sealed record SafetensorsContents(IReadOnlyList<SafetensorsTensor> Tensors, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>The tensor called <paramref name="name"/>; throws naming the tensors present if there is none.</summary>
    public SafetensorsTensor this[string name] =>
        Tensors.FirstOrDefault(t => t.Name == name)
        ?? throw new KeyNotFoundException(
            $"No tensor named '{name}' in this safetensors file; it holds: {string.Join(", ", Tensors.Select(t => t.Name))}.");
}

/// <summary>One tensor's header entry, without its data.</summary>
public sealed record SafetensorsEntry(string Name, SafetensorsDType DType, int[] Shape);

public static partial class SafetensorsFile
{
    public const string MetadataKey = "__metadata__";

    /// <summary>
    /// Writes <paramref name="tensors"/> and <paramref name="metadata"/> to <paramref name="path"/>, replacing it
    /// atomically. Tensors are laid out like the reference writer: by descending dtype alignment, then by name.
    /// Everything is validated before the file system is touched. <c>format: pt</c> is added to the metadata when absent:
    /// transformers' loader refuses safetensors files without it.
    /// </summary>
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteAtomically(path, Prepare(tensors, metadata));

    /// <summary>Writes the same bytes as <see cref="Write(string, IReadOnlyList{SafetensorsTensor}, IReadOnlyDictionary{string, string}?)"/> to a stream.</summary>
    public static void Write(Stream stream, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        Prepare(tensors, metadata)(stream);

    /// <summary>Validates everything and returns the action that writes the file's bytes.</summary>
    private static Action<Stream> Prepare(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            tensor.CheckData();
            if (tensor.Name == MetadataKey)
            {
                throw new ArgumentException($"'{MetadataKey}' is reserved for the metadata map and cannot name a tensor.");
            }
            if (!names.Add(tensor.Name))
            {
                throw new ArgumentException($"Two tensors are named '{tensor.Name}'; tensor names in a safetensors file must be unique.");
            }
        }
        var ordered = tensors
            .OrderByDescending(t => t.DType)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToArray();
        byte[] header = BuildHeader(ordered, metadata);
        return stream =>
        {
            Span<byte> length = stackalloc byte[8];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)header.Length);
            stream.Write(length);
            stream.Write(header);
            foreach (var tensor in ordered)
            {
                stream.Write(tensor.Data);
            }
        };
    }

    /// <summary>
    /// Writes a file so that a crash never leaves it half-written: the content goes to a temporary file in the same
    /// folder, is flushed to disk (fsync), replaces <paramref name="path"/> in one rename, and the folder is flushed so
    /// the new name is on disk too (<see cref="Durable"/>). On failure the temporary file is deleted and any previous
    /// file at <paramref name="path"/> is left untouched.
    /// </summary>
    public static void WriteAtomically(string path, Action<Stream> writeContent)
    {
        string fullPath = System.IO.Path.GetFullPath(path);
        string directory = System.IO.Path.GetDirectoryName(fullPath)!;
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Cannot write '{path}': the folder '{directory}' does not exist; create it first.");
        }
        string temporary = System.IO.Path.Combine(
            directory, $".{System.IO.Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                writeContent(stream);
                stream.Flush(flushToDisk: true);
            }
            Durable.MoveFile(temporary, fullPath);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string temporary)
    {
        try
        {
            File.Delete(temporary);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file; it is hidden (leading dot) and named *.tmp.
        }
    }

    private static byte[] BuildHeader(SafetensorsTensor[] ordered, IReadOnlyDictionary<string, string>? metadata)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            var entries = metadata?.ToList() ?? [];
            if (!entries.Any(pair => pair.Key == "format"))
            {
                entries.Add(new("format", "pt"));
            }
            foreach (var (key, value) in entries.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }
            json.WriteEndObject();
            long offset = 0;
            foreach (var tensor in ordered)
            {
                json.WriteStartObject(tensor.Name);
                json.WriteString("dtype", tensor.DType.HeaderName());
                json.WriteStartArray("shape");
                foreach (int dim in tensor.Shape)
                {
                    json.WriteNumberValue(dim);
                }
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + tensor.Data.Length);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += tensor.Data.Length;
            }
            json.WriteEndObject();
        }
        // Pad with spaces so the data starts 8-byte aligned (reference: tensor.rs, "Force alignment to 8 bytes").
        int padded = (int)((buffer.Length + 7) / 8 * 8);
        while (buffer.Length < padded)
        {
            buffer.WriteByte((byte)' ');
        }
        return buffer.ToArray();
    }
}
