// Everything that defines a training run; saved as config.json in the run folder so `resume` rebuilds the same run.
namespace Engine.Models.Training;

using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Models.Experiments;

public sealed record RunConfig
{
    /// <summary>A family of the registry (Engine.Models.Experiments.ExperimentRegistry): ae, vae, cvae, ...</summary>
    public string Model { get; init; } = "vae";
    /// <summary>engine (this engine's defaults) or notebook (the course notebook's code exactly): <see cref="Recipes"/>.</summary>
    public string Recipe { get; init; } = Recipes.Engine;
    public int Latent { get; init; } = 2;
    public int Epochs { get; init; } = 5;
    public int BatchSize { get; init; } = 64;
    public float LearningRate { get; init; } = 1e-4f;
    /// <summary>constant (the notebook's) or cosine (LearningRateSchedule).</summary>
    public string LearningRateSchedule { get; init; } = Training.LearningRateSchedule.Constant;
    public ulong Seed { get; init; } = 1;
    public string Device { get; init; } = "cpu";
    /// <summary>fashion (Fashion-MNIST) or mnist (MNIST digits); --data DIR overrides where its files are read from.</summary>
    public string Dataset { get; init; } = Nn.Data.Datasets.Default;
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
    /// <summary>Adam's L2 weight decay (torch.optim.Adam's weight_decay) of the families that train one Adam (Experiment.CreateOptimizers).</summary>
    public float WeightDecay { get; init; }
    /// <summary>Weight w of the VAE's KL term.</summary>
    public float KlWeight { get; init; } = 0.005f;
    /// <summary>Reduction of the reconstruction term: mean (over pixels), sum or batch-mean (sum per image, mean over batch).</summary>
    public Reduction ReconstructionReduction { get; init; } = Reduction.Mean;
    /// <summary>Reduction of the KL term.</summary>
    public Reduction KlReduction { get; init; } = Reduction.BatchMean;
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Steps between checkpoints (one is also written at each epoch's end and when the run is stopped).</summary>
    public int CheckpointEvery { get; init; } = 200;
    /// <summary>The class the conditional VAE's latent-grid figure decodes with (0..K-1).</summary>
    public int Class { get; init; }
    /// <summary>The super-resolution factor: 2 (14 x 14 in) or 4 (7 x 7 in).</summary>
    public int Factor { get; init; } = 2;
    /// <summary>cvae: a classifier run folder whose model scores the conditional accuracy of the samples in the report.</summary>
    public string? Judge { get; init; }
    /// <summary>
    /// The adversarial AEs' settings (aae, aae-disentangled, aae-semi), with their keys, help and rules in one table; in
    /// config.json their keys stand at the top level beside the others (<see cref="ToJson"/>), as they always have.
    /// </summary>
    [JsonIgnore]
    public AaeOptions Aae { get; init; } = new();

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
        Require(ExperimentRegistry.Names.Contains(Model), "model", "one of " + string.Join(", ", ExperimentRegistry.Names), Model);
        Require(Recipes.Names.Contains(Recipe), "recipe", "one of " + string.Join(", ", Recipes.Names), Recipe);
        Require(Recipe != Recipes.Notebook || !ExperimentRegistry.Names.Contains(Model) || ExperimentRegistry.Find(Model).HasNotebookRecipe, "recipe",
            "engine for " + Model + " (the course notebook has no code for it; notebook recipes: " +
            string.Join(", ", ExperimentRegistry.Families.Where(f => f.HasNotebookRecipe).Select(f => f.Name)) + ")", Recipe);
        Require(Nn.Data.Datasets.Names.Contains(Dataset), "dataset", "one of " + string.Join(", ", Nn.Data.Datasets.Names), Dataset);
        int classes = Nn.Data.Datasets.Names.Contains(Dataset) ? Nn.Data.Datasets.ClassNames(Dataset).Count : 10;
        Require(Class >= 0 && Class < classes, "class", $"a class of {Dataset}, 0..{classes - 1}", Class);
        Require(Factor is 2 or 4, "factor", "2 or 4 (the super-resolution factors: 14 x 14 or 7 x 7 in)", Factor);
        Require(Latent is >= 1 and <= MaxLatent, "latent", $"an integer from 1 to {MaxLatent}", Latent);
        Require(Epochs >= 1, "epochs", "a positive integer", Epochs);
        Require(BatchSize >= 1, "batch-size", "a positive integer", BatchSize);
        Require(float.IsFinite(LearningRate) && LearningRate > 0, "lr", "a positive number", LearningRate);
        Require(Training.LearningRateSchedule.Names.Contains(LearningRateSchedule), "lr-schedule", "one of " + string.Join(", ", Training.LearningRateSchedule.Names), LearningRateSchedule);
        Require(Model != "cae-toy" || LearningRateSchedule == Training.LearningRateSchedule.Constant, "lr-schedule",
            "constant for cae-toy (its ReduceLROnPlateau sets the rates)", LearningRateSchedule);
        Require(Limit is null or >= 1, "limit", "a positive integer", Limit);
        Require(TestLimit is null or >= 1, "test-limit", "a positive integer", TestLimit);
        Require(float.IsFinite(Noise) && Noise >= 0, "noise", "a finite number >= 0", Noise);
        Require(float.IsFinite(Beta) && Beta >= 0, "beta", "a finite number >= 0", Beta);
        Require(float.IsFinite(SparsityTarget) && SparsityTarget > 0 && SparsityTarget < 1, "sparsity-target", "in (0, 1)", SparsityTarget);
        Require(float.IsFinite(KlWeight) && KlWeight >= 0, "kl-weight", "a finite number >= 0", KlWeight);
        Require(float.IsFinite(WeightDecay) && WeightDecay >= 0, "weight-decay", "a finite number >= 0", WeightDecay);
        Require(Threads is >= 1 and <= MaxThreads, "threads", $"from 1 to {MaxThreads} (this machine has {Environment.ProcessorCount} cores)", Threads);
        foreach (var (key, problem) in Aae.Problems()) throw new ArgumentException($"{Name(key)} {problem}.");
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

    /// <summary>config.json: every setting at the top level, the family records' keys after the common ones.</summary>
    public string ToJson()
    {
        var json = JsonSerializer.SerializeToNode(this, s_json)!.AsObject();
        foreach (var (key, value) in JsonSerializer.SerializeToNode(Aae, s_json)!.AsObject().ToList()) json[key] = value?.DeepClone();
        return json.ToJsonString(s_json);
    }

    /// <summary>Parses config.json; a malformed file is an <see cref="InvalidDataException"/> naming the line and setting.</summary>
    public static RunConfig FromJson(string json, string source)
    {
        try
        {
            var config = JsonSerializer.Deserialize<RunConfig>(json, s_json)
                ?? throw new InvalidDataException($"{source} does not hold a run configuration (it is JSON null).");
            return config with { Aae = JsonSerializer.Deserialize<AaeOptions>(json, s_json)! };   // its keys from the same top level
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
