// `engine train <model>`: the options of a run, validated, turned into a RunConfig. The models, their --help lines and
// their defaults (latent size, epochs, learning rate) come from the experiment registry. `engine pca` is `train pca` under
// its own name (Alias): the same command with the model fixed and only the options that family reads.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public static class TrainCommand
{
    /// <summary>The `train` verb; <paramref name="train"/> replaces the training (a test reads the RunConfig a command line makes).</summary>
    public static Command Create(Func<RunConfig, int>? train = null) => Create(null, train);

    /// <summary>
    /// `engine FAMILY`: `train FAMILY` under the family's own name (users' scripts call `engine pca`), with the options that
    /// family reads, and a --out folder that holds a run of the same family replaced, as the verb always did.
    /// </summary>
    public static Command Alias(string family, Func<RunConfig, int>? train = null) => Create(ExperimentRegistry.Find(family), train);

    private static Command Create(ExperimentFamily? fixedFamily, Func<RunConfig, int>? train)
    {
        var model = new Argument<string>("model") { Description = "The model:" + Environment.NewLine + ExperimentRegistry.Help() };
        OneOf(model, "model", ExperimentRegistry.Names);
        var latent = Positive(new Option<int>("--latent")
        {
            Description = "Latent size (classifier: features; default per model: " +
                string.Join(", ", ExperimentRegistry.Families.Select(f => $"{f.Name} {f.DefaultLatent}")) + ").",
        });
        var epochs = Positive(new Option<int>("--epochs") { Description = "Epochs (default 5; cae-toy: at most 5000, it stops when its learning rates fall below 1e-6" + Notebook(c => c.Epochs) + ")." });
        var batchSize = Positive(new Option<int>("--batch-size") { Description = "Batch size (default 64; aae: 512 for the uniform and normal priors, 128 for grid; cae-toy: always the full batch).", DefaultValueFactory = _ => 64 });
        var lr = new Option<float>("--lr") { Description = "Adam learning rate (default 1e-4; classifier, cvae, superres and cae-toy: 1e-3" + Notebook(c => c.LearningRate) + ")." };
        lr.Validators.Add(r => { if (TryGet<float>(r) is float v && !(v > 0)) r.AddError($"--lr must be a positive number; got {v}."); });
        var schedule = new Option<string>("--lr-schedule") { Description = "constant (the notebook's) or cosine: every optimizer's rate falls as lr (1 + cos(pi t / T)) / 2 over the run's T steps.", DefaultValueFactory = _ => LearningRateSchedule.Constant };
        schedule.Validators.Add(r =>
        {
            if (TryGet<string>(r) is string v && !LearningRateSchedule.Names.Contains(v)) r.AddError($"Unknown --lr-schedule '{v}'; use --lr-schedule {string.Join(" or --lr-schedule ", LearningRateSchedule.Names)}.");
        });
        var recipe = OneOf(new Option<string>("--recipe")
        {
            Description = "engine (this engine's recipe, the default) or notebook (the course notebook's code as issue 29 reads it: MNIST digits, " +
                "its losses, optimizers, epochs and evaluation; the README's recipe table lists the differences; for " + string.Join(", ", ExperimentRegistry.Families.Where(f => f.HasNotebookRecipe).Select(f => f.Name)) + ").",
            DefaultValueFactory = _ => Recipes.Engine,
        }, Recipes.Names);
        var seed = new Option<ulong>("--seed") { Description = "Random seed (weights, shuffling, noise).", DefaultValueFactory = _ => 1UL };
        var device = new Option<string>("--device") { Description = "auto, cpu, cuda, cuda:N or ilgpu-cpu (the GPU kernels on the CPU; slow).", DefaultValueFactory = _ => "cpu" };
        device.Validators.Add(r =>
        {
            if (TryGet<string>(r) is string v && !IsDeviceName(v)) r.AddError($"Unknown --device '{v}'; use {Engine.Kernels.Backends.DeviceNames} (`engine devices` lists this machine's).");
        });
        var dataset = DatasetOption();
        var data = DataOption();
        var familyOptions = new FamilyCommandLine(ExperimentRegistry.OptionTables, fixedFamily?.Name);
        var limit = Positive(new Option<int?>("--limit") { Description = "Train on at most N images (quick runs)." });
        var testLimit = Positive(new Option<int?>("--test-limit") { Description = $"Evaluate on at most N test images (default: all; on ilgpu-cpu the first {RunDriver.IlgpuCpuTestLimit}, the whole set being too slow there)." });
        var output = new Option<string?>("--out") { Description = "Run folder (default: runs/<model>-z<latent>-<time>)." };
        var weightDecay = new Option<float>("--weight-decay") { Description = "Adam's L2 weight decay (torch.optim.Adam's weight_decay: wd x p added to the gradient); default 0." };
        weightDecay.Validators.Add(r => { if (TryGet<float>(r) is float v && !(v >= 0)) r.AddError($"--weight-decay must be >= 0; got {v}."); });
        var threads = Positive(new Option<int>("--threads") { Description = "CPU threads.", DefaultValueFactory = _ => Environment.ProcessorCount });
        var checkpointEvery = Positive(new Option<int>("--checkpoint-every")
        {
            Description = "Steps between checkpoints (one is also saved at each epoch's end and on SIGINT, SIGTERM or SIGHUP).",
            DefaultValueFactory = _ => new RunConfig().CheckpointEvery,
        });
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the run the --out folder holds (refused otherwise)." };
        var detectAnomaly = DetectAnomalyOption();

        // The common options by the setting each sets (ExperimentFamily.Settings' keys): an alias takes its family's alone.
        var common = new (Option Option, string Setting)[]
        {
            (latent, "latent"), (epochs, "epochs"), (recipe, "recipe"), (batchSize, "batch-size"), (lr, "learning-rate"),
            (schedule, "learning-rate-schedule"), (seed, "seed"), (device, "device"), (dataset, "dataset"), (data, "data-dir"),
            (limit, "limit"), (testLimit, "test-limit"), (weightDecay, "weight-decay"), (threads, "threads"), (checkpointEvery, "checkpoint-every"),
        };
        var command = fixedFamily is { } alias
            ? new Command(alias.Name, $"`engine train {alias.Name}` under its own name: {alias.Summary}.")
            : new Command("train", "Train a model (on Fashion-MNIST, MNIST digits or the 2-D toy) and write its run folder and report.html.") { model };
        foreach (var (option, setting) in common)
        {
            if (fixedFamily is null || fixedFamily.Settings.Contains(setting)) command.Options.Add(option);
        }
        foreach (var option in new Option[] { output, overwrite, detectAnomaly }.Concat(familyOptions.Options)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            RunConfig config;
            try
            {
                config = Config(parse);
                config.Validate();
            }
            catch (ArgumentException e)
            {
                return UsageErrors.Write([e.Message], UsageErrors.CommandPath(command));     // a value no run accepts: exit 2
            }
            return train is not null ? train(config) : EngineCommand.Guard(() => Train(parse, config));
        });
        return command;

        RunConfig Config(ParseResult parse)
        {
            // The command line over the family's defaults for its recipe (engine or notebook): Build keeps every option the
            // user gave and takes the rest from its argument; the first pass lets the defaults read the options given.
            var family = fixedFamily ?? ExperimentRegistry.Find(parse.GetValue(model)!);
            return Build(family.Defaults(Build(new RunConfig { Family = family.Name })));

            RunConfig Build(RunConfig d)
            {
                T Pick<T>(Option<T> option, T fallback) => parse.GetResult(option) is { Implicit: false } ? parse.GetValue(option)! : fallback;
                string datasetName = parse.GetResult(dataset) is { Implicit: false } ? Datasets.Check(parse.GetValue(dataset)!) : d.Dataset;
                return familyOptions.Read(parse, d with
                {
                    Recipe = Pick(recipe, Recipes.Engine),
                    Latent = Pick(latent, d.Latent),
                    Epochs = Pick(epochs, d.Epochs),
                    BatchSize = Pick(batchSize, d.BatchSize),
                    LearningRate = Pick(lr, d.LearningRate),
                    LearningRateSchedule = Pick(schedule, d.LearningRateSchedule),
                    Dataset = datasetName,
                    Seed = Pick(seed, d.Seed),
                    Device = Pick(device, d.Device),
                    DataDir = Pick(data, null),
                    Limit = Pick(limit, null),
                    TestLimit = Pick(testLimit, null),
                    WeightDecay = Pick(weightDecay, d.WeightDecay),
                    Threads = Pick(threads, d.Threads),
                    CheckpointEvery = Pick(checkpointEvery, d.CheckpointEvery),
                });                                          // the families' settings given, read against the run's dataset
            }
        }

        int Train(ParseResult parse, RunConfig config)
        {
            foreach (var table in ExperimentRegistry.OptionTables) table.CheckBeforeTraining(config);   // a folder a setting names
            string runPath = parse.GetValue(output) ?? RunFolder.NewName("runs", config);
            bool replace = parse.GetValue(overwrite) || (fixedFamily is not null && HoldsRunOf(runPath, fixedFamily.Name));
            using var session = new TrainingSession(parse.GetValue(detectAnomaly));
            return session.Finish(session.Driver.Train(config, runPath, replace, session.Cancel));
        }
    }

    /// <summary>Whether <paramref name="path"/> holds a run of <paramref name="family"/> (its config.json says so).</summary>
    private static bool HoldsRunOf(string path, string family)
    {
        var run = new RunFolder(path);
        return File.Exists(run.Config) && run.ReadConfig().Family == family;
    }

    /// <summary>
    /// "; --recipe notebook: vae-kl-only 2, cvae 5": the families whose notebook default of a setting differs from their
    /// engine default, for --help (empty when none does).
    /// </summary>
    internal static string Notebook<T>(Func<RunConfig, T> setting)
    {
        var differ = ExperimentRegistry.Families.Where(f => f.HasNotebookRecipe).Select(f =>
        {
            var engine = f.Defaults(new RunConfig { Family = f.Name });
            var notebook = f.Defaults(engine with { Recipe = Recipes.Notebook });
            return (f.Name, Engine: setting(engine), Notebook: setting(notebook));
        }).Where(d => !EqualityComparer<T>.Default.Equals(d.Engine, d.Notebook)).Select(d => $"{d.Name} {d.Notebook}").ToList();
        return differ.Count == 0 ? "" : "; --recipe notebook: " + string.Join(", ", differ);
    }

    /// <summary>The validated RunConfig of `engine train ARGS...` (no training); a command line no run accepts gives null.</summary>
    public static RunConfig? ConfigFor(params string[] args)
    {
        RunConfig? config = null;
        Create(c => { config = c; return 0; }).Parse(args).Invoke();
        return config;
    }

    /// <summary>Accepts only <paramref name="names"/>; anything else is one line naming the value and the choices (and they complete).</summary>
    internal static Argument<string> OneOf(Argument<string> argument, string noun, IReadOnlyList<string> names)
    {
        argument.CompletionSources.Add([.. names]);
        argument.Validators.Add(r =>
        {
            if (r.Tokens.Count > 0 && r.GetValueOrDefault<string>() is string v && !names.Contains(v))
            {
                r.AddError($"unknown {noun} '{v}'; choose one of: {string.Join(", ", names)}");
            }
        });
        return argument;
    }

    /// <inheritdoc cref="OneOf(Argument{string}, string, IReadOnlyList{string})"/>
    internal static Option<string> OneOf(Option<string> option, IReadOnlyList<string> names)
    {
        option.CompletionSources.Add([.. names]);
        option.Validators.Add(r =>
        {
            if (TryGet<string>(r) is string v && !names.Contains(v))
            {
                r.AddError($"unknown value '{v}' for {option.Name}; choose one of: {string.Join(", ", names)}");
            }
        });
        return option;
    }

    /// <summary>--dataset fashion|mnist (default fashion), on every verb that loads data.</summary>
    internal static Option<string> DatasetOption()
    {
        var option = new Option<string>("--dataset")
        {
            Description = "fashion (Fashion-MNIST) or mnist (MNIST digits).", DefaultValueFactory = _ => Datasets.Default,
        };
        option.Validators.Add(r =>
        {
            if (TryGet<string>(r) is string v && !Datasets.Names.Contains(v.Trim().ToLowerInvariant()))
            {
                r.AddError($"Unknown dataset '{v}'; use --dataset {string.Join(" or --dataset ", Datasets.Names)}.");   // one line
            }
        });
        return option;
    }

    internal static Option<string?> DataOption() => new("--data")
    {
        Description = "Folder with the dataset's IDX files, e.g. a full MNIST (else $ENGINE_DATA, data/, the system copy, the bundled sample).",
    };

    internal static Option<bool> DetectAnomalyOption() => new("--detect-anomaly")
    {
        Description = "Check every op's output and gradient for NaN/Inf and name the first op that produced one (slow; for debugging).",
    };

    internal static Option<T> Positive<T>(Option<T> option)
    {
        option.Validators.Add(r =>
        {
            if (TryGet<T>(r) is int i && i <= 0) r.AddError($"{option.Name} must be a positive integer; got {i}.");
        });
        return option;
    }

    /// <summary>The option's value, or null when its text does not parse (the parser reports that error itself).</summary>
    internal static object? TryGet<T>(System.CommandLine.Parsing.OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether a --device value names a device kind at all (auto, cpu, cuda, cuda:N, ilgpu-cpu): anything else is a usage error.</summary>
    internal static bool IsDeviceName(string value) =>
        value is "auto" or "cpu" or "cuda" or "ilgpu-cpu"
        || (value.StartsWith("cuda:", StringComparison.Ordinal) && value.Length > 5 && value[5..].All(char.IsAsciiDigit) && int.TryParse(value[5..], out _));
}
