// Reads a safetensors file and validates it completely before returning anything: header size, UTF-8 JSON,
// dtypes, shapes, byte sizes, offsets (in bounds, no overlap, no gap), duplicate names and trailing bytes.
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;

namespace Engine.Nn.Checkpoints;

public static partial class SafetensorsFile
{
    /// <summary>Largest header accepted, as in the reference reader (MAX_HEADER_SIZE).</summary>
    public const ulong MaxHeaderSize = 100_000_000;

    /// <summary>Most dimensions a tensor may have (PyTorch's limit is 64 as well).</summary>
    public const int MaxRank = 64;

    private sealed record Entry(string Name, SafetensorsDType DType, int[] Shape, ulong Begin, ulong End);

    /// <summary>Reads every tensor (in file order) and the metadata; throws <see cref="SafetensorsFormatException"/> on any defect.</summary>
    public static SafetensorsContents Read(string path)
    {
        using var stream = Open(path);
        return Read(stream, path);
    }

    /// <summary>Reads a whole safetensors file from a seekable stream; <paramref name="path"/> names it in errors.</summary>
    public static SafetensorsContents Read(Stream stream, string path)
    {
        stream.Position = 0;
        var (headerLength, dataLength, entries, metadata) = ReadHeader(path, stream);
        CheckLayout(path, entries, dataLength);

        var tensors = new List<SafetensorsTensor>(entries.Count);
        foreach (var entry in entries)
        {
            ulong size = entry.End - entry.Begin;
            if (size > (ulong)Array.MaxLength)
            {
                throw Fail(path, entry.Name, $"its {size} bytes exceed the {Array.MaxLength}-byte limit of one array.");
            }
            var data = new byte[size];
            stream.Position = (long)(8 + headerLength + entry.Begin);
            stream.ReadExactly(data);
            tensors.Add(new SafetensorsTensor(entry.Name, entry.DType, entry.Shape, data));
        }
        return new SafetensorsContents(tensors, metadata);
    }

    /// <summary>
    /// Reads only the header: each tensor's name, dtype and shape (in header order) and the metadata, each entry
    /// validated on its own; the data layout is checked by <see cref="Read(string)"/>. Lets a caller compare names first.
    /// </summary>
    public static (IReadOnlyList<SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(string path)
    {
        using var stream = Open(path);
        return ReadHeader(stream, path);
    }

    /// <summary>As <see cref="ReadHeader(string)"/>, from a seekable stream; <paramref name="path"/> names it in errors.</summary>
    public static (IReadOnlyList<SafetensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata) ReadHeader(Stream stream, string path)
    {
        stream.Position = 0;
        var (_, _, entries, metadata) = ReadHeader(path, stream);
        return (entries.Select(e => new SafetensorsEntry(e.Name, e.DType, e.Shape)).ToList(), metadata);
    }

    private static FileStream Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Safetensors file '{path}' does not exist.", path);
        }
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }

    private static (ulong HeaderLength, ulong DataLength, List<Entry> Entries, Dictionary<string, string> Metadata) ReadHeader(
        string path, Stream stream)
    {
        long fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw Fail(path, null, $"the file is {fileLength} bytes long, shorter than the 8-byte header length; it is truncated or not a safetensors file.");
        }
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > MaxHeaderSize)
        {
            throw Fail(path, null, $"the header length is {headerLength} bytes, over the {MaxHeaderSize}-byte limit; the file is corrupt or not a safetensors file.");
        }
        if (8 + headerLength > (ulong)fileLength)
        {
            throw Fail(path, null, $"the header length is {headerLength} bytes but only {fileLength - 8} bytes follow it; the file is truncated.");
        }
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var (entries, metadata) = ParseHeader(path, header);
        return (headerLength, (ulong)fileLength - 8 - headerLength, entries, metadata);
    }

    private static (List<Entry> Entries, Dictionary<string, string> Metadata) ParseHeader(string path, byte[] header)
    {
        try
        {
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetCharCount(header);
        }
        catch (DecoderFallbackException e)
        {
            throw Fail(path, null, $"the header is not valid UTF-8 (bad byte at index {e.Index}); the file is corrupt.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header);
        }
        catch (JsonException e)
        {
            throw Fail(path, null,
                $"the header is not valid JSON (error at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}); the file is corrupt or not a safetensors file.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail(path, null, $"the header is a JSON {root.ValueKind}, not an object mapping tensor names to entries.");
            }
            var entries = new List<Entry>();
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw Fail(path, property.Name, "the name appears twice in the header; tensor names must be unique.");
                }
                if (property.Name == MetadataKey)
                {
                    ParseMetadata(path, property.Value, metadata);
                }
                else
                {
                    entries.Add(ParseEntry(path, property.Name, property.Value));
                }
            }
            return (entries, metadata);
        }
    }

    private static void ParseMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, null, $"'{MetadataKey}' is a JSON {value.ValueKind}; it must be an object of string values.");
        }
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw Fail(path, null, $"'{MetadataKey}' entry '{item.Name}' is a JSON {item.Value.ValueKind}; metadata values must be strings.");
            }
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
            {
                throw Fail(path, null, $"'{MetadataKey}' has the key '{item.Name}' twice; metadata keys must be unique.");
            }
        }
    }

    private static Entry ParseEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Fail(path, name, $"its header entry is a JSON {value.ValueKind}; expected {{\"dtype\", \"shape\", \"data_offsets\"}}.");
        }
        if (!value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw Fail(path, name, "its header entry has no \"dtype\" string.");
        }
        string dtypeText = dtypeElement.GetString()!;
        if (!SafetensorsDTypeInfo.TryParse(dtypeText, out var dtype))
        {
            throw Fail(path, name, $"unknown dtype \"{dtypeText}\"; known dtypes are {string.Join(", ", Enum.GetNames<SafetensorsDType>())}.");
        }
        var shape = ReadIntegers(path, name, value, "shape", MaxRank, int.MaxValue, "dimension");
        var offsets = ReadIntegers(path, name, value, "data_offsets", 2, long.MaxValue, "offset");
        if (offsets.Length != 2)
        {
            throw Fail(path, name, $"\"data_offsets\" has {offsets.Length} numbers; it must be [begin, end].");
        }
        var dims = Array.ConvertAll(shape, d => (int)d);
        ulong elements = 1;
        foreach (long dim in shape)
        {
            if (!TryMultiply(elements, (ulong)dim, out elements))
            {
                throw Fail(path, name, $"shape [{string.Join(", ", shape)}] has more elements than fit in 64 bits.");
            }
        }
        ulong? bytes = elements <= ulong.MaxValue / 64 ? dtype.ByteSize(elements) : null;
        if (bytes is null)
        {
            throw Fail(path, name, $"shape [{string.Join(", ", shape)}] of {dtype} is not a whole number of bytes (or is too large).");
        }
        ulong begin = (ulong)offsets[0], end = (ulong)offsets[1];
        if (end < begin)
        {
            throw Fail(path, name, $"data_offsets [{begin}, {end}] end before they begin.");
        }
        if (end - begin != bytes)
        {
            throw Fail(path, name,
                $"data_offsets [{begin}, {end}] span {end - begin} bytes but shape [{string.Join(", ", shape)}] of {dtype} needs {bytes}.");
        }
        return new Entry(name, dtype, dims, begin, end);
    }

    private static long[] ReadIntegers(string path, string name, JsonElement entry, string key, int maxCount, long max, string what)
    {
        if (!entry.TryGetProperty(key, out var array) || array.ValueKind != JsonValueKind.Array)
        {
            throw Fail(path, name, $"its header entry has no \"{key}\" array.");
        }
        if (array.GetArrayLength() > maxCount)
        {
            throw Fail(path, name, $"\"{key}\" has {array.GetArrayLength()} numbers, more than the {maxCount} allowed.");
        }
        var values = new long[array.GetArrayLength()];
        int i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v))
            {
                throw Fail(path, name, $"\"{key}\" holds {item.GetRawText()}, which is not an integer {what}.");
            }
            if (v < 0)
            {
                throw Fail(path, name, $"\"{key}\" holds the negative {what} {v}; {what}s must be >= 0.");
            }
            if (v > max)
            {
                throw Fail(path, name, $"\"{key}\" holds the {what} {v}, larger than the supported maximum {max}.");
            }
            values[i++] = v;
        }
        return values;
    }

    /// <summary>Sorts entries into file order and checks they tile the data buffer exactly: from 0, no overlap, no gap, no trailing bytes.</summary>
    private static void CheckLayout(string path, List<Entry> entries, ulong dataLength)
    {
        entries.Sort((a, b) => a.Begin != b.Begin ? a.Begin.CompareTo(b.Begin) : a.End.CompareTo(b.End));
        foreach (var entry in entries)
        {
            if (entry.End > dataLength)
            {
                throw Fail(path, entry.Name,
                    $"data_offsets [{entry.Begin}, {entry.End}] run past the end of the data buffer ({dataLength} bytes); the file is truncated or corrupt.");
            }
        }
        ulong position = 0;
        string? previous = null;
        foreach (var entry in entries)
        {
            if (entry.Begin < position)
            {
                throw Fail(path, entry.Name,
                    $"data_offsets [{entry.Begin}, {entry.End}] overlap the bytes of tensor '{previous}' (which end at {position}).");
            }
            if (entry.Begin > position)
            {
                throw Fail(path, entry.Name,
                    $"data_offsets [{entry.Begin}, {entry.End}] leave a gap of {entry.Begin - position} bytes after " +
                    (previous is null ? "the start of the data buffer" : $"tensor '{previous}'") +
                    " that no header entry describes; a tensor's entry is missing from the header or its offsets are wrong.");
            }
            position = entry.End;
            previous = entry.Name;
        }
        if (position != dataLength)
        {
            throw Fail(path, null,
                $"{dataLength - position} trailing bytes follow the last tensor's data (the header accounts for {position} of {dataLength}); the file is corrupt.");
        }
    }

    private static bool TryMultiply(ulong a, ulong b, out ulong product)
    {
        product = unchecked(a * b);
        return b == 0 || product / b == a;
    }

    private static SafetensorsFormatException Fail(string path, string? tensorName, string problem) => new(path, tensorName, problem);
}
