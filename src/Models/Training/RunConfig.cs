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
    /// <summary>Steps between checkpoints (one is also written at each epoch's end and when the run is stopped).</summary>
    public int CheckpointEvery { get; init; } = 200;

    /// <summary>Most CPU threads a run accepts.</summary>
    public const int MaxThreads = 1024;

    /// <summary>Largest latent size a run accepts.</summary>
    public const int MaxLatent = 65536;

    /// <summary>
    /// Refuses values no run can use (a negative or NaN weight, zero epochs, an absurd thread count), naming the option;
    /// <paramref name="source"/> is null for command-line options, else the config file the values came from.
    /// </summary>
    public void Validate(string? source = null)
    {
        string Name(string option) => source is null ? "--" + option : $"'{option}' in {source}";
        void Require(bool ok, string option, string rule, object? value)
        {
            if (!ok) throw new ArgumentException($"{Name(option)} must be {rule}; got {Format(value)}.");
        }
        Require(RunDriver.ModelNames.Contains(Model), "model", "one of " + string.Join(", ", RunDriver.ModelNames), Model);
        Require(Latent is >= 1 and <= MaxLatent, "latent", $"an integer from 1 to {MaxLatent}", Latent);
        Require(Epochs >= 1, "epochs", "a positive integer", Epochs);
        Require(BatchSize >= 1, "batch-size", "a positive integer", BatchSize);
        Require(float.IsFinite(LearningRate) && LearningRate > 0, "lr", "a positive number", LearningRate);
        Require(Limit is null or >= 1, "limit", "a positive integer", Limit);
        Require(TestLimit is null or >= 1, "test-limit", "a positive integer", TestLimit);
        Require(float.IsFinite(Noise) && Noise >= 0, "noise", "a finite number >= 0", Noise);
        Require(float.IsFinite(Beta) && Beta >= 0, "beta", "a finite number >= 0", Beta);
        Require(float.IsFinite(SparsityTarget) && SparsityTarget > 0 && SparsityTarget < 1, "sparsity-target", "in (0, 1)", SparsityTarget);
        Require(float.IsFinite(KlWeight) && KlWeight >= 0, "kl-weight", "a finite number >= 0", KlWeight);
        Require(Threads is >= 1 and <= MaxThreads, "threads", $"from 1 to {MaxThreads} (this machine has {Environment.ProcessorCount} cores)", Threads);
        Require(CheckpointEvery >= 1, "checkpoint-every", "a positive number of steps", CheckpointEvery);
        Require(!string.IsNullOrWhiteSpace(Device), "device", "auto, cpu, cuda or cuda:N", Device);
    }

    private static string Format(object? value) => value switch
    {
        null => "nothing",
        float f => f.ToString("G9", System.Globalization.CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.KebabCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, s_json);

    public static RunConfig FromJson(string json, string source) =>
        JsonSerializer.Deserialize<RunConfig>(json, s_json)
        ?? throw new InvalidDataException($"{source} does not hold a run configuration.");
}
