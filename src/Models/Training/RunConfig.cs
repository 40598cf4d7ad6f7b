// Everything that defines a training run; saved as config.json in the run folder so `resume` rebuilds the same run.
namespace Engine.Models.Training;

using System.Text.Json;
using System.Text.Json.Serialization;
using Engine.Models.Experiments;

public sealed record RunConfig
{
    /// <summary>A family of the registry (Engine.Models.Experiments.ExperimentRegistry): ae, vae, cvae, ...</summary>
    [JsonPropertyName("model")]                   // config.json's key since the first run
    public string Family { get; init; } = "vae";
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
    /// <summary>Adam's L2 weight decay (torch.optim.Adam's weight_decay) of the families that train one Adam (Experiment.CreateOptimizers).</summary>
    public float WeightDecay { get; init; }
    public int Threads { get; init; } = Environment.ProcessorCount;
    /// <summary>Steps between checkpoints (one is also written at each epoch's end and when the run is stopped).</summary>
    public int CheckpointEvery { get; init; } = 200;
    /// <summary>
    /// The families' own settings, a record per family (each in its family's folder, with its keys, help and rules in
    /// one table, listed in ExperimentRegistry.OptionTables); in config.json their keys stand at the top level beside
    /// the others (<see cref="ToJson"/>), as they always have.
    /// </summary>
    [JsonIgnore]
    public FamilyOptionSet FamilyOptions { get; init; } = FamilyOptionSet.Defaults;

    /// <summary>The family record of type <typeparamref name="T"/>: the run's, or its defaults.</summary>
    public T Options<T>() where T : class, new() => FamilyOptions.Get<T>();

    /// <summary>This run with <paramref name="options"/> as its record of that type.</summary>
    public RunConfig With<T>(T options) where T : class, new() => this with { FamilyOptions = FamilyOptions.With(options) };

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
        Require(ExperimentRegistry.Names.Contains(Family), "model", "one of " + string.Join(", ", ExperimentRegistry.Names), Family);
        Require(Recipes.Names.Contains(Recipe), "recipe", "one of " + string.Join(", ", Recipes.Names), Recipe);
        Require(Recipe != Recipes.Notebook || !ExperimentRegistry.Names.Contains(Family) || ExperimentRegistry.Find(Family).HasNotebookRecipe, "recipe",
            "engine for " + Family + " (the course notebook has no code for it; notebook recipes: " +
            string.Join(", ", ExperimentRegistry.Families.Where(f => f.HasNotebookRecipe).Select(f => f.Name)) + ")", Recipe);
        Require(Nn.Data.Datasets.Names.Contains(Dataset), "dataset", "one of " + string.Join(", ", Nn.Data.Datasets.Names), Dataset);
        Require(Latent is >= 1 and <= MaxLatent, "latent", $"an integer from 1 to {MaxLatent}", Latent);
        Require(Epochs >= 1, "epochs", "a positive integer", Epochs);
        Require(BatchSize >= 1, "batch-size", "a positive integer", BatchSize);
        Require(float.IsFinite(LearningRate) && LearningRate > 0, "lr", "a positive number", LearningRate);
        Require(Training.LearningRateSchedule.Names.Contains(LearningRateSchedule), "lr-schedule", "one of " + string.Join(", ", Training.LearningRateSchedule.Names), LearningRateSchedule);
        Require(Limit is null or >= 1, "limit", "a positive integer", Limit);
        Require(TestLimit is null or >= 1, "test-limit", "a positive integer", TestLimit);
        Require(float.IsFinite(WeightDecay) && WeightDecay >= 0, "weight-decay", "a finite number >= 0", WeightDecay);
        Require(Threads is >= 1 and <= MaxThreads, "threads", $"from 1 to {MaxThreads} (this machine has {Environment.ProcessorCount} cores)", Threads);
        Require(CheckpointEvery >= 1, "checkpoint-every", "a positive number of steps", CheckpointEvery);
        Require(!string.IsNullOrWhiteSpace(Device), "device", "auto, cpu, cuda or cuda:N", Device);
        var family = ExperimentRegistry.Find(Family).CheckConfig?.Invoke(this) ?? [];       // the family's own rules of the common settings
        foreach (var (key, problem) in ExperimentRegistry.OptionTables.SelectMany(t => t.Problems(this)).Concat(family))
        {
            throw new ArgumentException($"{Name(key)} {problem}.");
        }
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
        foreach (var table in ExperimentRegistry.OptionTables)
        {
            foreach (var (key, value) in table.ToJson(this, s_json).ToList()) json[key] = value?.DeepClone();
        }
        return json.ToJsonString(s_json);
    }

    /// <summary>Parses config.json; a malformed file is an <see cref="InvalidDataException"/> naming the line and setting.</summary>
    public static RunConfig FromJson(string json, string source)
    {
        try
        {
            var config = JsonSerializer.Deserialize<RunConfig>(json, s_json)
                ?? throw new InvalidDataException($"{source} does not hold a run configuration (it is JSON null).");
            return ExperimentRegistry.OptionTables.Aggregate(config, (c, table) => table.FromJson(c, json, s_json));   // their keys from the same top level
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
