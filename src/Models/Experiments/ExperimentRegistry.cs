// The one list of experiment families: the CLI's model names and --help, config validation, train, resume, eval, report,
// import and the latent tools all read it. Adding a family is its own files plus one line here (two with an options record).
namespace Engine.Models.Experiments;

using Engine.Models.Training;
using Engine.Nn.Data;

/// <summary>
/// One family: its name on the command line, a one-line summary for --help, and how to build its experiment for a config
/// and a split of the data (it reads only the item shape and the class names, which every split shares: training builds
/// it from the training set, eval and report from the test set alone). The defaults are the engine recipe's for that
/// family (used when the option is not given); under --recipe notebook, <see cref="ExperimentFamily.NotebookDefaults"/>.
/// </summary>
public sealed record ExperimentFamily(string Name, string Summary, Func<RunConfig, Dataset, Experiment> Create)
{
    /// <summary>The item shape of an image dataset, one channel: what the image families are built for.</summary>
    public static ImageShape Image(Dataset data) => new(1, data.Height, data.Width);

    public int DefaultLatent { get; init; } = 24;
    public int DefaultEpochs { get; init; } = 5;
    public float DefaultLearningRate { get; init; } = 1e-4f;

    /// <summary>
    /// The engine recipe's values of this family's own settings where they are not its records' defaults (cvae: its KL
    /// weight); null: the records' defaults.
    /// </summary>
    public Func<RunConfig, RunConfig>? EngineDefaults { get; init; }

    /// <summary>The batch size when --batch-size is not given (the adversarial AEs: their prior's).</summary>
    public Func<RunConfig, int> DefaultBatchSize { get; init; } = _ => 64;

    /// <summary>
    /// The course notebook has code for this experiment, so it runs under --recipe notebook too (its code exactly); a family
    /// without it is this engine's design after the lecture and its papers, and runs under --recipe engine only.
    /// </summary>
    public bool HasNotebookRecipe { get; init; }

    /// <summary>
    /// The notebook recipe's values for this family (latent, epochs, lr, batch, its options records...):
    /// given a config that holds the engine's defaults and the command line's values, it returns the config with the
    /// notebook's values; `train` then puts back every option given on the command line, so it fills in only what the user
    /// left out (<see cref="Defaults"/>). Null: the engine's values are the notebook's (only the data differs).
    /// </summary>
    public Func<RunConfig, RunConfig>? NotebookDefaults { get; init; }

    /// <summary>
    /// <paramref name="config"/> with this family's defaults for its recipe: the engine's (latent, epochs, lr, batch size,
    /// <see cref="EngineDefaults"/>), then under --recipe notebook the notebook's data (MNIST digits) and
    /// <see cref="NotebookDefaults"/>. The caller puts back the values the user gave (TrainCommand).
    /// </summary>
    public RunConfig Defaults(RunConfig config)
    {
        var engine = config with
        {
            Latent = DefaultLatent, Epochs = DefaultEpochs, LearningRate = DefaultLearningRate, BatchSize = DefaultBatchSize(config),
        };
        if (EngineDefaults is { } own) engine = own(engine);
        if (config.Recipe != Recipes.Notebook || !HasNotebookRecipe) return engine;
        var notebook = engine with { Dataset = Datasets.Mnist };                     // the notebook trains on MNIST digits
        return NotebookDefaults is { } values ? values(notebook) : notebook;
    }

    /// <summary>A conditional family or a classifier: it reads the labels, so the dataset must have two classes or more.</summary>
    public bool NeedsLabels { get; init; }

    /// <summary>Built from the course's Encoder and Decoder, so `engine import` can load course-trained weights into it.</summary>
    public bool Importable { get; init; }

    /// <summary>
    /// The run's common settings (RunConfig's keys) this family reads. The default is what every image family reads
    /// (<see cref="CommonSettings"/>); a family adds a few more with <see cref="Reads"/>.
    /// </summary>
    public IReadOnlyList<string> RunSettings { get; init; } = CommonSettings;

    /// <summary>
    /// The config.json settings (their keys) this family reads, the report's configuration table shows only these:
    /// <see cref="RunSettings"/> and each line of a family record's table that names this family.
    /// </summary>
    public IReadOnlyList<string> Settings => [.. RunSettings, .. ExperimentRegistry.OptionTables.SelectMany(t => t.KeysOf(Name))];

    /// <summary>The family's own rules of the common settings, as (key, "must be RULE; got VALUE") (cae-toy: a constant lr).</summary>
    public Func<RunConfig, IEnumerable<(string Key, string Problem)>>? CheckConfig { get; init; }

    /// <summary>The settings of every family trained on --dataset images: model, size, schedule, seed, device and data.</summary>
    public static readonly IReadOnlyList<string> CommonSettings =
    [
        "model", "recipe", "latent", "epochs", "batch-size", "learning-rate", "learning-rate-schedule", "seed", "device", "dataset", "data-dir", "limit", "test-limit",
        "threads", "checkpoint-every",
    ];

    /// <summary>The run's name in titles and the console: "vae, latent 2, engine recipe"; a family without a latent size, its name and recipe.</summary>
    public string Title(RunConfig config) => (Settings.Contains("latent") ? $"{Name}, latent {config.Latent}" : Name) + $", {config.Recipe} recipe";

    /// <summary><see cref="CommonSettings"/> and <paramref name="own"/>: the settings of a family that reads a few more.</summary>
    public static IReadOnlyList<string> Reads(params string[] own) => [.. CommonSettings, .. own];

    /// <summary>Its own data (the 2-D toy); null: the images of --dataset (or --data).</summary>
    public Func<RunConfig, DatasetSplits>? Data { get; init; }

    /// <summary>A family's own check of a run's settings against its data, before anything is written (aae-semi: its known labels).</summary>
    public Action<RunConfig, DatasetSplits>? CheckRun { get; init; }

    /// <summary>Refuses data the family cannot train on, in one line.</summary>
    public void CheckData(RunConfig config, DatasetSplits data)
    {
        if (NeedsLabels && (data.Train.ClassCount < 2 || data.Train.Labels.Distinct().Count() < 2))
        {
            throw new ArgumentException($"Model '{Name}' learns from class labels, but the data from {data.Source} has no labels " +
                $"(fewer than two classes); train it on a labelled dataset: --dataset {string.Join(" or --dataset ", Datasets.Names)}.");
        }
        CheckRun?.Invoke(config, data);
    }
}

public static class ExperimentRegistry
{
    /// <summary>
    /// Every family's options record, by its table: the command line's family options, their --help, the check of a run's
    /// settings, config.json's keys and the report's settings table loop over these (in config.json's order).
    /// </summary>
    public static readonly IReadOnlyList<IFamilyOptionTable> OptionTables =
    [
        AutoencoderOptions.Table, SparseOptions.Table, VaeOptions.Table, CvaeOptions.Table, SuperResolutionOptions.Table, AaeOptions.Table,
        PcaOptions.Table,
    ];

    /// <summary>Every family, each row in its family's folder: its name, summary, defaults and the common settings it reads.</summary>
    public static readonly IReadOnlyList<ExperimentFamily> Families =
    [
        AutoencoderExperiment.AeFamily,
        AutoencoderExperiment.DaeFamily,
        SparseExperiment.L1Family,
        SparseExperiment.KlFamily,
        VaeExperiment.Family,
        VaeExperiment.KlOnlyFamily,
        ClassifierExperiment.Family,
        CvaeExperiment.Family,
        SuperResolutionExperiment.Family,
        AaeExperiment.Family,
        AaeDisentangledExperiment.Family,
        AaeSemiExperiment.Family,
        ToyExperiment.Family,
        PcaExperiment.Family,
    ];

    public static IReadOnlyList<string> Names { get; } = Families.Select(f => f.Name).ToArray();

    /// <summary>The family called <paramref name="name"/>; an unknown name is one line listing the known ones.</summary>
    public static ExperimentFamily Find(string name) =>
        Families.FirstOrDefault(f => f.Name == name)
        ?? throw new ArgumentException($"Unknown model '{name}'; choose one of {string.Join(", ", Names)}.");

    /// <summary>The list for --help: "name: summary [recipes]" per line; engine only where the notebook has no code for it.</summary>
    public static string Help() => string.Join(Environment.NewLine, Families.Select(f => $"  {f.Name}: {f.Summary} [{RecipeNames(f)}]"));

    /// <summary>"engine, notebook" for a family the notebook has code for, else "engine only".</summary>
    public static string RecipeNames(ExperimentFamily family) => family.HasNotebookRecipe ? "engine, notebook" : "engine only";
}
