// The error thrown for a malformed safetensors file: it names the file, the offending tensor (if any) and the problem.
namespace Engine.Nn.Checkpoints;

public sealed class SafetensorsFormatException : IOException
{
    public SafetensorsFormatException(string path, string? tensorName, string problem)
        : base(Format(path, tensorName, problem))
    {
        Path = path;
        TensorName = tensorName;
    }

    /// <summary>The file that failed to load.</summary>
    public string Path { get; }

    /// <summary>The tensor whose header entry or data is at fault, or null for a file-level problem.</summary>
    public string? TensorName { get; }

    private static string Format(string path, string? tensorName, string problem) =>
        tensorName is null
            ? $"Invalid safetensors file '{path}': {problem}"
            : $"Invalid safetensors file '{path}', tensor '{tensorName}': {problem}";
}
