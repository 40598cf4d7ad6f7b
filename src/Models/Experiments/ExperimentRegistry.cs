// The one list of experiment families: the CLI's model names and --help, config validation, train, resume, eval, report,
// import and the latent tools all read it. Adding a family is its own files plus one line here.
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
    public int DefaultLatent { get; init; } = 24;
    public int DefaultEpochs { get; init; } = 5;
    public float DefaultLearningRate { get; init; } = 1e-4f;

    /// <summary>The KL term's weight w when --kl-weight is not given (the VAE's 0.005).</summary>
    public float DefaultKlWeight { get; init; } = 0.005f;

    /// <summary>The batch size when --batch-size is not given (the adversarial AEs: their prior's).</summary>
    public Func<RunConfig, int> DefaultBatchSize { get; init; } = _ => 64;

    /// <summary>
    /// The course notebook has code for this experiment, so it runs under --recipe notebook too (its code exactly); a family
    /// without it is this engine's design after the lecture and its papers, and runs under --recipe engine only.
    /// </summary>
    public bool HasNotebookRecipe { get; init; }

    /// <summary>
    /// The notebook recipe's values for this family (latent, epochs, lr, batch, KL weight, beta, its options record...):
    /// given a config that holds the engine's defaults and the command line's values, it returns the config with the
    /// notebook's values; `train` then puts back every option given on the command line, so it fills in only what the user
    /// left out (<see cref="Defaults"/>). Null: the engine's values are the notebook's (only the data differs).
    /// </summary>
    public Func<RunConfig, RunConfig>? NotebookDefaults { get; init; }

    /// <summary>
    /// <paramref name="config"/> with this family's defaults for its recipe: the engine's (latent, epochs, lr, KL weight,
    /// batch size), then under --recipe notebook the notebook's data (MNIST digits) and <see cref="NotebookDefaults"/>.
    /// The caller puts back the values the user gave (TrainCommand).
    /// </summary>
    public RunConfig Defaults(RunConfig config)
    {
        var engine = config with
        {
            Latent = DefaultLatent, Epochs = DefaultEpochs, LearningRate = DefaultLearningRate, KlWeight = DefaultKlWeight,
            BatchSize = DefaultBatchSize(config),
        };
        if (config.Recipe != Recipes.Notebook || !HasNotebookRecipe) return engine;
        var notebook = engine with { Dataset = Datasets.Mnist };                     // the notebook trains on MNIST digits
        return NotebookDefaults is { } values ? values(notebook) : notebook;
    }

    /// <summary>A conditional family or a classifier: it reads the labels, so the dataset must have two classes or more.</summary>
    public bool NeedsLabels { get; init; }

    /// <summary>Built from the course's Encoder and Decoder, so `engine import` can load course-trained weights into it.</summary>
    public bool Importable { get; init; }

    /// <summary>
    /// The config.json settings (their keys) this family reads: the report's configuration table shows only these. The
    /// default is what every image family reads (<see cref="CommonSettings"/>); a family adds its own with <see cref="Reads"/>.
    /// </summary>
    public IReadOnlyList<string> Settings { get; init; } = CommonSettings;

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
    private static ImageShape Image(Dataset data) => new(1, data.Height, data.Width);

    public static readonly IReadOnlyList<ExperimentFamily> Families =
    [
        new("ae", "autoencoder (BCE)", (c, d) => new AutoencoderExperiment(c, Image(d), denoising: false)) { HasNotebookRecipe = true, Settings = ExperimentFamily.Reads("noise", "reconstruction-reduction", "weight-decay"), Importable = true },
        new("dae", "denoising autoencoder (Gaussian noise --noise; notebook: the plain AE scored on noisy test images)", (c, d) => new AutoencoderExperiment(c, Image(d), denoising: true)) { HasNotebookRecipe = true, Settings = ExperimentFamily.Reads("noise", "reconstruction-reduction", "weight-decay"), Importable = true },
        new("sparse-l1", "sparse autoencoder, L1 penalty (--beta)", (c, d) => new SparseExperiment(c, Image(d), SparsityPenalty.L1)) { DefaultLatent = 900, HasNotebookRecipe = true, NotebookDefaults = c => c with { Beta = SparseExperiment.NotebookBeta }, Settings = ExperimentFamily.Reads("beta", "reconstruction-reduction", "weight-decay"), Importable = true },
        new("sparse-kl", "sparse autoencoder, KL penalty (--beta, --sparsity-target; the engine's design: the notebook has no training code for it)", (c, d) => new SparseExperiment(c, Image(d), SparsityPenalty.Kl)) { DefaultLatent = 900, Settings = ExperimentFamily.Reads("beta", "sparsity-target", "reconstruction-reduction", "weight-decay"), Importable = true },
        new("vae", "variational autoencoder (BCE + --kl-weight x KL)", (c, d) => new VaeExperiment(c, Image(d), klOnly: false)) { DefaultLatent = 2, HasNotebookRecipe = true, Settings = ExperimentFamily.Reads("noise", "kl-weight", "reconstruction-reduction", "kl-reduction", "weight-decay"), Importable = true },
        new("vae-kl-only", "VAE trained on the KL term alone (the notebook's sanity check; notebook: 2 epochs of 0.1 x KL)", (c, d) => new VaeExperiment(c, Image(d), klOnly: true)) { DefaultLatent = 2, HasNotebookRecipe = true, NotebookDefaults = c => c with { Epochs = 2, KlWeight = 0.1f }, Settings = ExperimentFamily.Reads("noise", "reconstruction-reduction", "kl-reduction", "weight-decay"), Importable = true },
        new("classifier", "course encoder + linear head, cross-entropy (the judge of conditional generation)", (c, d) => new ClassifierExperiment(c, Image(d), d.ClassCount)) { DefaultLatent = Classifier.DefaultFeatures, DefaultLearningRate = 1e-3f, NeedsLabels = true },
        new("cvae", "conditional VAE: the decoder reads z and the one-hot label (--class picks the grid's class)", (c, d) => new CvaeExperiment(c, Image(d), d.ClassNames)) { DefaultLatent = 2, DefaultEpochs = 10, DefaultLearningRate = 1e-3f, DefaultKlWeight = ConditionalVariationalAutoencoder.DefaultKlWeight, HasNotebookRecipe = true, NotebookDefaults = CvaeExperiment.NotebookDefaults, NeedsLabels = true, Settings = ExperimentFamily.Reads("kl-weight", "reconstruction-reduction", "kl-reduction", "class", "judge", "weight-decay") },
        new("superres", "super-resolution AE: area-averaged input (--factor 2 or 4), the 28x28 original out", (c, d) => new SuperResolutionExperiment(c, Image(d))) { DefaultLatent = SuperResolutionAutoencoder.Features, DefaultLearningRate = 1e-3f, Settings = [.. ExperimentFamily.CommonSettings.Where(k => k != "latent"), "factor"] },
        AaeExperiment.Family,
        AaeDisentangledExperiment.Family,
        AaeSemiExperiment.Family,
        new("cae-toy", "the 2-D toy: unconditional and conditional AE in one run, full batch, ReduceLROnPlateau", (c, d) => new ToyExperiment(c)) { DefaultLatent = 1, DefaultEpochs = ToyExperiment.MaxEpochs, DefaultLearningRate = 1e-3f, NeedsLabels = true, Data = ToyExperiment.Load, Settings = ["model", "epochs", "learning-rate", "seed", "device", "test-limit", "threads", "checkpoint-every"] },
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
