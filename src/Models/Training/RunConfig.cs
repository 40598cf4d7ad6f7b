// Everything that defines a training run; saved as config.json in the run folder so `resume` rebuilds the same run.
namespace Engine.Models.Training;

using System.Text.Json;
using System.Text.Json.Serialization;

public sealed record RunConfig
{
    /// <summary>ae, dae, sparse-l1, sparse-kl, vae or vae-kl-only.</summary>
    public string Model { get; init; } = "vae";
    public int Latent { get; init; } = 2;
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 1e-4f;
    public ulong Seed { get; init; } = 1;
    public string Device { get; init; } = "cpu";
    public string? DataDir { get; init; }
    /// <summary>Use at most this many training images (quick runs); null = all.</summary>
    public int? Limit { get; init; }
    /// <summary>Use at most this many test images; null = all.</summary>
    public int? TestLimit { get; init; }
    /// <summary>Gaussian noise sigma: the denoising AE's training corruption, and the denoising figures' test noise.</summary>
    public float Noise { get; init; } = 0.3f;
    /// <summary>Weight of the sparsity penalty (sparse AEs).</summary>
    public float Beta { get; init; } = 1e-3f;
    /// <summary>Target mean activation rho of the KL sparsity penalty.</summary>
    public float SparsityTarget { get; init; } = 0.05f;
    /// <summary>Weight w of the VAE's KL term.</summary>
    public float KlWeight { get; init; } = 0.005f;
    /// <summary>Reduction of the reconstruction term: mean (over pixels), sum or batch-mean (sum per image, mean over batch).</summary>
    public Reduction ReconstructionReduction { get; init; } = Reduction.Mean;
    /// <summary>Reduction of the KL term.</summary>
    public Reduction KlReduction { get; init; } = Reduction.BatchMean;
    public int Threads { get; init; } = Environment.ProcessorCount;

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    /// <summary>Parses config.json; a malformed file is an <see cref="InvalidDataException"/> naming the line and setting.</summary>
    public static RunConfig FromJson(string json, string source)
    {
        try
        {
            return JsonSerializer.Deserialize<RunConfig>(json, s_json)
                ?? throw new InvalidDataException($"{source} does not hold a run configuration (it is JSON null).");
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $"line {line + 1}, byte {e.BytePositionInLine + 1}" : "its end";
            string setting = e.Path is { Length: > 2 } path ? $" (setting '{path.TrimStart('$', '.')}')" : "";
            throw new InvalidDataException(
                $"{source} is not a valid run configuration: malformed JSON or a value of the wrong type at {where}{setting}. " +
                "Fix the file (train writes it; compare with a fresh run's config.json) or train the run again.", e);
        }
    }
}
