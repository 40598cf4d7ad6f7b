// Starting, resuming and reporting a run: picks the device, loads the data, builds the experiment named in the
// config, trains it and writes the figures and report.html into the run folder.
namespace Engine.Models.Training;

using Engine.Imaging;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cuda;
using Engine.Models.Experiments;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public sealed class RunDriver
{
    public static readonly IReadOnlyList<string> ModelNames = ["ae", "dae", "sparse-l1", "sparse-kl", "vae", "vae-kl-only"];

    public Action<string> Log { get; init; } = Console.WriteLine;

    public Action<int, int, int, double>? OnStep { get; init; }

    public Action<int, double[], double[]>? OnEpoch { get; init; }

    /// <summary>Check every op for NaN/Inf and name the first op that produced one (slow; for debugging).</summary>
    public bool DetectAnomaly { get; init; }

    /// <summary>
    /// Trains a new run in <paramref name="runPath"/>. Everything is checked first (options, data, memory, the folder),
    /// and nothing is written before: a folder that holds a run is refused unless <paramref name="overwrite"/>.
    /// </summary>
    public RunOutcome Train(RunConfig config, string runPath, bool overwrite = false, CancellationToken cancel = default)
    {
        config.Validate();
        var run = new RunFolder(runPath);
        CheckTarget(run, overwrite);
        var (experiment, data) = Prepare(config);
        if (Tensor.DefaultBackend is CpuBackend)
        {
            MemoryEstimate.Of(experiment, data).Check(config, MemoryEstimate.Available(), data.Train.Count);
        }
        using var runLock = RunLock.Acquire(run);
        CheckTarget(run, overwrite);                                   // again, now that no other process can start here
        if (overwrite && run.HoldsRun)
        {
            Log($"Replacing the run in {run.Path} (--overwrite).");
            run.Clear();
        }
        SafetensorsFile.WriteAtomically(run.Config, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(config.ToJson())));
        var log = MetricsLog.Create(run.Metrics, experiment.Terms);
        var optimizer = new Adam(experiment.Model.Parameters(), config.LearningRate);
        Log($"Training {config.Model} (latent {config.Latent}, {experiment.Model.ParameterCount():N0} parameters) on " +
            $"{Tensor.DefaultBackend.Name} for {config.Epochs} epochs of {data.Train.Count:N0} images; run folder {run.Path}");
        return Continue(experiment, run, data, optimizer, TrainingState.Start(log.Terms.Count), log, cancel, resumed: false);
    }

    /// <summary>Continues an interrupted run from its last checkpoint (from the start if it has none) to the end.</summary>
    public RunOutcome Resume(string runPath, CancellationToken cancel = default)
    {
        var run = RunFolder.Open(runPath);
        using var runLock = RunLock.Acquire(run);
        var config = run.ReadConfig();
        var (experiment, data) = Prepare(config);
        RunCheckpoint.Recover(run);
        var optimizer = new Adam(experiment.Model.Parameters(), config.LearningRate);
        if (RunCheckpoint.Load(run, experiment, optimizer) is not { } state)
        {
            Log($"{run.Path} has no checkpoint yet: training it from the start.");
            return Continue(experiment, run, data, optimizer, TrainingState.Start(experiment.Terms.Count),
                MetricsLog.Create(run.Metrics, experiment.Terms), cancel, resumed: false);
        }
        var log = MetricsLog.Resume(run.Metrics, experiment.Terms, state.MetricsBytes);
        Log($"Resuming {run.Path} at epoch {state.Epoch + 1}, batch {state.NextBatch + 1} (step {state.GlobalStep}).");
        return Continue(experiment, run, data, optimizer, state, log, cancel, resumed: true);
    }

    /// <summary>Rewrites the figures and report of a run from its checkpoint.</summary>
    public RunOutcome Report(string runPath)
    {
        var run = RunFolder.Open(runPath);
        using var runLock = RunLock.Acquire(run);
        var config = run.ReadConfig();
        var (experiment, data) = Prepare(config);
        RunCheckpoint.Recover(run);
        _ = RunCheckpoint.Load(run, experiment, optimizer: null) ?? throw NoCheckpoint(run);
        return WriteReport(experiment, run, data.Test);
    }

    /// <summary>Loads a run's committed checkpoint into a fresh experiment, for reading (eval): no lock, nothing written.</summary>
    public (Experiment Experiment, FashionMnistSplits Data) Load(string runPath)
    {
        var run = RunFolder.Open(runPath);
        var config = run.ReadConfig();
        var (experiment, data) = Prepare(config);
        _ = RunCheckpoint.Load(run, experiment, optimizer: null) ?? throw NoCheckpoint(run);
        return (experiment, data);
    }

    private static FileNotFoundException NoCheckpoint(RunFolder run) =>
        new($"Run '{run.Path}' has no checkpoint yet (it was stopped before its first one): continue it with `engine resume {run.Path}`.",
            run.Model);

    /// <summary>Refuses a target that is a file, holds a run (unless overwriting) or holds files that are not a run.</summary>
    private static void CheckTarget(RunFolder run, bool overwrite)
    {
        if (File.Exists(run.Path))
        {
            throw new IOException($"'{run.Path}' is a file; give --out a folder that is new, empty or holds a run to replace.");
        }
        if (run.HoldsRun && !overwrite)
        {
            throw new IOException($"'{run.Path}' already holds a run. Continue it with `engine resume {run.Path}`, replace it with " +
                "--overwrite, or choose another folder with --out.");
        }
        if (!run.HoldsRun && run.HasFiles)
        {
            throw new IOException($"'{run.Path}' holds files but no run (no config.json, checkpoint or metrics.csv); " +
                "choose a new or empty folder with --out.");
        }
    }

    /// <summary>The experiment named by config.Model, on the configured device, with its data.</summary>
    public (Experiment Experiment, FashionMnistSplits Data) Prepare(RunConfig config)
    {
        Tensor.DefaultBackend = ResolveDevice(config.Device);
        if (Tensor.DefaultBackend is CpuBackend cpu)
        {
            cpu.Threads = config.Threads;
        }
        var data = FashionMnist.Load(config.DataDir, Log, config.Limit);
        if (config.TestLimit is int testLimit && testLimit < data.Test.Count)
        {
            data = data with { Test = data.Test.Slice(0, testLimit) };
        }
        Generator.ManualSeed(config.Seed);                                       // initial weights
        var image = new ImageShape(1, data.Train.Height, data.Train.Width);
        Experiment experiment = config.Model switch
        {
            "ae" => new AutoencoderExperiment(config, image, denoising: false),
            "dae" => new AutoencoderExperiment(config, image, denoising: true),
            "sparse-l1" => new SparseExperiment(config, image, SparsityPenalty.L1),
            "sparse-kl" => new SparseExperiment(config, image, SparsityPenalty.Kl),
            "vae" => new VaeExperiment(config, image, klOnly: false),
            "vae-kl-only" => new VaeExperiment(config, image, klOnly: true),
            _ => throw new ArgumentException($"Unknown model '{config.Model}'; choose one of {string.Join(", ", ModelNames)}."),
        };
        return (experiment, data);
    }

    /// <summary>cpu, cuda, cuda:N or auto (the GPU when one is usable, else the CPU).</summary>
    public static IBackend ResolveDevice(string device) => device switch
    {
        "cpu" => Backends.Cpu,
        "auto" => CudaDevices.IsAvailable(out _) ? Backends.Cuda() : Backends.Cpu,
        "cuda" => Backends.Cuda(),
        _ when device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], out int ordinal) => Backends.Cuda(ordinal),
        _ => throw new ArgumentException($"Unknown device '{device}'; use auto, cpu, cuda or cuda:N."),
    };

    private RunOutcome Continue(Experiment experiment, RunFolder run, FashionMnistSplits data, Optimizer optimizer,
        TrainingState state, MetricsLog log, CancellationToken cancel, bool resumed)
    {
        var trainer = new Trainer(experiment, run, data.Train, data.Test) { OnStep = OnStep, OnEpoch = OnEpoch, DetectAnomaly = DetectAnomaly };
        if (!trainer.Run(optimizer, state, log, cancel, resumed))
        {
            Log(trainer.LastCheckpointStep is long step
                ? $"Stopped. The checkpoint in {run.Checkpoint} holds step {step}; continue with: engine resume {run.Path}"
                : $"Stopped before the first step; nothing was trained. Start again with: engine resume {run.Path}");
            return new RunOutcome(null, []);
        }
        return WriteReport(experiment, run, data.Test);
    }

    private RunOutcome WriteReport(Experiment experiment, RunFolder run, Dataset test)
    {
        var config = experiment.Config;
        var report = new ReportPage($"{config.Model}, latent {config.Latent}") { Subtitle = experiment.Description };
        using (var json = System.Text.Json.JsonDocument.Parse(config.ToJson()))
        {
            foreach (var property in json.RootElement.EnumerateObject())
            {
                report.AddConfig(property.Name, property.Value.ToString());
            }
        }
        var train = MetricsLog.Read(run.Metrics, "train");
        var testRows = MetricsLog.Read(run.Metrics, "test");
        var terms = experiment.Terms;
        for (int t = 0; t < terms.Count; t++)
        {
            if (train.Count > 0) report.AddMetric($"train {terms[t]} (last epoch)", train[^1].Values[t]);
            if (testRows.Count > 0) report.AddMetric($"test {terms[t]} (last epoch)", testRows[^1].Values[t]);
        }
        var warnings = RunHealth.Review(experiment, run, test);
        report.Warnings.AddRange(warnings);
        foreach (var warning in warnings) Log("Warning: " + warning);
        experiment.WriteFigures(run, test, report);
        ExtraFigures.AddTo(run, report);                          // interpolate, sample, arithmetic
        return new RunOutcome(report.Write(run.Path), warnings);
    }
}

/// <summary>How a training verb ended: the report's path (null when stopped by a signal) and the health warnings.</summary>
public sealed record RunOutcome(string? Report, IReadOnlyList<string> Warnings);
