// Reads the .entry parameter lists out of PTX text: name -> parameters (type, size, alignment, offset).
// The launcher uses it for the exact parameter-buffer size; tests use it to check every launch struct.
namespace Engine.Kernels.Cuda.Driver;

using System.Text.RegularExpressions;

public sealed record PtxParameter(string Type, int Size, int Alignment, int Offset);

public sealed record PtxEntry(string Name, IReadOnlyList<PtxParameter> Parameters)
{
    /// <summary>Bytes of the kernel's parameter buffer: the end of the last parameter.</summary>
    public int ParameterBytes => Parameters.Count == 0 ? 0 : Parameters[^1].Offset + Parameters[^1].Size;
}

public static partial class PtxSignature
{
    public static IReadOnlyDictionary<string, PtxEntry> Parse(string ptx)
    {
        var entries = new Dictionary<string, PtxEntry>();
        foreach (Match entry in EntryPattern().Matches(ptx))
        {
            var parameters = new List<PtxParameter>();
            int offset = 0;
            foreach (Match p in ParamPattern().Matches(entry.Groups["params"].Value))
            {
                var (size, alignment) = p.Groups["array"].Success
                    ? (int.Parse(p.Groups["array"].Value), p.Groups["align"].Success ? int.Parse(p.Groups["align"].Value) : 1)
                    : (ScalarSize(p.Groups["type"].Value), ScalarSize(p.Groups["type"].Value));
                offset = (offset + alignment - 1) / alignment * alignment;
                parameters.Add(new PtxParameter(p.Groups["type"].Value, size, alignment, offset));
                offset += size;
            }
            string name = entry.Groups["name"].Value;
            entries[name] = new PtxEntry(name, parameters);
        }
        return entries;
    }

    private static int ScalarSize(string type) => type[1..] switch
    {
        "8" => 1,
        "16" => 2,
        "32" => 4,
        "64" => 8,
        _ => throw new FormatException($"Unknown PTX parameter type .{type}."),
    };

    [GeneratedRegex(@"\.entry\s+(?<name>\w+)\s*\((?<params>[^)]*)\)")]
    private static partial Regex EntryPattern();

    [GeneratedRegex(@"\.param\s+(?:\.align\s+(?<align>\d+)\s+)?\.(?<type>[busf]\d+)\s+\w+(?:\[(?<array>\d+)\])?")]
    private static partial Regex ParamPattern();
}
