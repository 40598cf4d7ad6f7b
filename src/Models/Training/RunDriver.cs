// Starting, resuming and reporting a run: picks the device, loads the data, builds the experiment named in the
// config, trains it and writes the figures and report.html into the run folder. The verbs that read a finished run
// (eval, report, the latent verbs) check its checkpoint before any data and read the test split alone (PrepareTrained).
namespace Engine.Models.Training;

using Engine.Imaging;
using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Models.Experiments;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public sealed class RunDriver
{
    /// <summary>Every family's name, from the registry.</summary>
    public static IReadOnlyList<string> ModelNames => ExperimentRegistry.Names;

    public Action<string> Log { get; init; } = Console.WriteLine;

    public Action<int, int, int, double>? OnStep { get; init; }

    /// <summary>After each step: where the run stands, with elapsed time and ETA.</summary>
    public Action<TrainingProgress>? OnProgress { get; init; }

    /// <summary>After each epoch: its train and test means per term, time and throughput.</summary>
    public Action<EpochSummary>? OnEpoch { get; init; }

    /// <summary>Check every op for NaN/Inf and name the first op that produced one (slow; for debugging).</summary>
    public bool DetectAnomaly { get; init; }

    /// <summary>
    /// Trains a new run in <paramref name="runPath"/>. Everything is checked first (options, data, memory, the folder),
    /// and nothing is written before: a folder that holds a run is refused unless <paramref name="overwrite"/>.
    /// </summary>
    public RunOutcome Train(RunConfig config, string runPath, bool overwrite = false, CancellationToken cancel = default)
    {
        config.Validate();
        config = WithDeviceDefaults(config);
        var run = new RunFolder(runPath);
        CheckTarget(run, overwrite);
        run.CheckCreatable();
        var (experiment, data) = Prepare(config, clampBatch: true);
        config = experiment.Config;                                    // --batch-size clamped to the training set
        if (Tensor.DefaultBackend is CpuBackend)
        {
            MemoryEstimate.Of(experiment, data).Check(config, MemoryEstimate.Available(), data.Train.Count);
        }
        DiskSpace.Check(experiment, run);                              // room for two checkpoints, before anything is written
        using var runLock = RunLock.Acquire(run);
        CheckTarget(run, overwrite);                                   // again, now that no other process can start here
        if (overwrite && run.HoldsRun)
        {
            Log($"Replacing the run in {run.Path} (--overwrite).");
            run.Clear();
        }
        SafetensorsFile.WriteAtomically(run.Config, stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(config.ToJson())));
        var log = MetricsLog.Create(run.Metrics, experiment.Terms);
        Log($"Training {ExperimentRegistry.Find(config.Family).Title(config)} ({experiment.Model.ParameterCount():N0} parameters) on " +
            $"{Tensor.DefaultBackend.Name} for {config.Epochs} epoch{(config.Epochs == 1 ? "" : "s")}; run folder {run.Path}");
        return Continue(experiment, run, data, TrainingState.Start(log.Terms.Count), log, cancel, resumed: false);
    }

    /// <summary>
    /// Test images a run on ilgpu-cpu evaluates when --test-limit is not given: ILGPU's CPU accelerator runs every GPU
    /// thread as CPU work, so the whole test set (10,000 images) would take far longer than the training steps of a debug run.
    /// </summary>
    public const int IlgpuCpuTestLimit = 256;

    /// <summary>
    /// The config with the defaults its device needs: on ilgpu-cpu without --test-limit, the first
    /// <see cref="IlgpuCpuTestLimit"/> test images, said in one line (config.json records it, so resume, eval and report
    /// use the same subset, and the report says so).
    /// </summary>
    internal RunConfig WithDeviceDefaults(RunConfig config)
    {
        if (config.Device != "ilgpu-cpu" || config.TestLimit is not null) return config;
        Log($"ilgpu-cpu runs the GPU kernels on ILGPU's CPU accelerator, which is slow: the test metrics and figures use the first " +
            $"{IlgpuCpuTestLimit} test images (--test-limit N to change that).");
        return config with { TestLimit = IlgpuCpuTestLimit };
    }

    /// <summary>Continues an interrupted run from its last checkpoint (from the start if it has none) to the end.</summary>
    public RunOutcome Resume(string runPath, CancellationToken cancel = default)
    {
        var run = RunFolder.Open(runPath);
        using var runLock = RunLock.Acquire(run);
        var config = run.ReadConfig();
        RunCheckpoint.Recover(run, Log);
        _ = RunCheckpoint.Check(run, config);                                  // a damaged checkpoint fails before the data is read
        var (experiment, data) = Prepare(config);
        if (RunCheckpoint.Load(run, experiment, training: true) is not { } state)
        {
            Log($"{run.Path} has no checkpoint yet: training it from the start.");
            return Continue(experiment, run, data, TrainingState.Start(experiment.Terms.Count),
                MetricsLog.Create(run.Metrics, experiment.Terms), cancel, resumed: false);
        }
        var log = MetricsLog.Resume(run.Metrics, experiment.Terms, state.MetricsBytes);
        Log($"Resuming {run.Path} at epoch {state.Epoch + 1}, batch {state.NextBatch + 1} (step {state.GlobalStep}).");
        return Continue(experiment, run, data, state, log, cancel, resumed: true);
    }

    /// <summary>Rewrites the figures and report of a run from its checkpoint (holding the run's lock).</summary>
    public RunOutcome Report(string runPath)
    {
        var run = RunFolder.Open(runPath);
        using var runLock = RunLock.Acquire(run);
        return RewriteReport(run);
    }

    /// <summary>As <see cref="Report"/>, for a caller that already holds the run's lock (the latent verbs).</summary>
    internal RunOutcome RewriteReport(RunFolder run)
    {
        RunCheckpoint.Recover(run, Log);
        var (experiment, data) = PrepareTrained(run);
        return WriteReport(experiment, run, data.Test,
            $"{data.Name}, {data.Test.Count:N0} test {DataUse.Unit(data.Test)}, from {data.Source} (test split only: the report was " +
            "rewritten from the checkpoint, so the training split was not read)");
    }

    /// <summary>
    /// Loads a run's committed checkpoint into a fresh experiment, for reading (eval, the latent verbs, a judge): the
    /// checkpoint is checked before any data is read, and only the test split is read. No lock unless a kill cut a
    /// checkpoint swap short.
    /// </summary>
    public (Experiment Experiment, TestSplit Data) Load(string runPath)
    {
        var run = RunFolder.Open(runPath);
        if (!Directory.Exists(run.Checkpoint) && Directory.Exists(run.Checkpoint + RunCheckpoint.OldSuffix))
        {
            try
            {
                using var runLock = RunLock.Acquire(run);          // a swap cut short by a kill: finish it
                RunCheckpoint.Recover(run, Log);
            }
            catch (RunFolderBusyException)
            {
                throw new IOException($"Run '{run.Path}' is training and is replacing its checkpoint right now; try again in a moment.");
            }
        }
        return PrepareTrained(run);
    }

    /// <summary>
    /// A finished run's experiment with its weights, for the verbs that read one (eval, report, sample, interpolate,
    /// arithmetic): the config and the checkpoint are opened and checked first (RunCheckpoint.Check: the pair, the weights'
    /// values, the config they were trained with), so a damaged run fails before any data is touched; then the test split
    /// alone is read (Datasets.LoadTest; the training split never is), the experiment built and the weights loaded.
    /// </summary>
    internal (Experiment Experiment, TestSplit Data) PrepareTrained(RunFolder run)
    {
        var config = run.ReadConfig();
        _ = RunCheckpoint.Check(run, config) ?? throw NoCheckpoint(run);
        var family = ExperimentRegistry.Find(config.Family);
        UseDevice(config);
        var data = family.Data is { } own ? ToTest(own(config)) : Datasets.LoadTest(config.Dataset, config.DataDir, Log);
        if (config.TestLimit is int testLimit && testLimit < data.Test.Count)
        {
            data = data with { Test = data.Test.Slice(0, testLimit), Source = data.Source + $", test set limited to {testLimit}" };
        }
        Generator.ManualSeed(config.Seed);                                       // as in Prepare; the checkpoint replaces the weights
        var experiment = family.Create(config, data.Test);
        _ = RunCheckpoint.Load(run, experiment, training: false) ?? throw NoCheckpoint(run);
        return (experiment, data);
    }

    private static TestSplit ToTest(DatasetSplits data) => new(data.Name, data.Test, data.Source);

    private static FileNotFoundException NoCheckpoint(RunFolder run) =>
        new($"Run '{run.Path}' has no checkpoint yet (it was stopped before its first one): continue it with `engine resume {run.Path}`.",
            run.Model);

    /// <summary>Refuses a target that is a file, holds a run (unless overwriting) or holds files that are not a run.</summary>
    internal static void CheckTarget(RunFolder run, bool overwrite)
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

    /// <summary>The experiment of the registry named by config.Model, on the configured device, with its data.</summary>
    /// <remarks>
    /// <paramref name="clampBatch"/> (a new run): a --batch-size above the training set becomes its size, said in one line.
    /// Never for a run already on disk, whose checkpoint holds the config it was trained with.
    /// </remarks>
    public (Experiment Experiment, DatasetSplits Data) Prepare(RunConfig config, bool clampBatch = false)
    {
        var family = ExperimentRegistry.Find(config.Family);
        UseDevice(config);
        var data = family.Data is { } own ? own(config) : Datasets.Load(config.Dataset, config.DataDir, Log, config.Limit);
        if (config.TestLimit is int testLimit && testLimit < data.Test.Count)
        {
            data = data with { Test = data.Test.Slice(0, testLimit), Source = data.Source + $", test set limited to {testLimit}" };
        }
        family.CheckData(config, data);
        if (clampBatch && family.Settings.Contains("batch-size") && config.BatchSize > data.Train.Count)
        {
            // Clamped, not refused: a batch never holds more than the training set, so this is the same training as asked
            // for (one batch per epoch), and config.json records the batch size the run really used.
            Log($"--batch-size {config.BatchSize:N0} is larger than the training set ({data.Train.Count:N0} {DataUse.Unit(data.Train)}): " +
                $"each epoch is one batch of all {data.Train.Count:N0} (--batch-size {data.Train.Count}, as config.json records).");
            config = config with { BatchSize = data.Train.Count };
        }
        Generator.ManualSeed(config.Seed);                                       // initial weights
        var experiment = family.Create(config, data.Train);
        return (experiment, data);
    }

    private static void UseDevice(RunConfig config)
    {
        Tensor.DefaultBackend = ResolveDevice(config.Device);
        if (Tensor.DefaultBackend is CpuBackend cpu)
        {
            cpu.Threads = config.Threads;
        }
    }

    /// <summary>cpu, cuda, cuda:N, ilgpu-cpu or auto (the GPU when one is usable, else the CPU); see Backends.Resolve.</summary>
    public static IBackend ResolveDevice(string device) => Backends.Resolve(device);

    private RunOutcome Continue(Experiment experiment, RunFolder run, DatasetSplits data,
        TrainingState state, MetricsLog log, CancellationToken cancel, bool resumed)
    {
        var trainer = new Trainer(experiment, run, data.Train, data.Test)
        {
            OnStep = OnStep, OnProgress = OnProgress, OnEpoch = OnEpoch, DetectAnomaly = DetectAnomaly,
        };
        Log("Data: " + DataUse.Describe(data));
        if (!trainer.Run(state, log, cancel, resumed))
        {
            Log(trainer.LastCheckpointStep is long step
                ? $"Stopped. The checkpoint in {run.Checkpoint} holds step {step}; continue with: engine resume {run.Path}"
                : $"Stopped before the first step; nothing was trained. Start again with: engine resume {run.Path}");
            return new RunOutcome(null, []);
        }
        return WriteReport(experiment, run, data.Test, DataUse.Describe(data));
    }

    private RunOutcome WriteReport(Experiment experiment, RunFolder run, Dataset test, string dataUsed)
    {
        var config = experiment.Config;
        if (Tensor.DefaultBackend.Device.Kind == DeviceKind.IlgpuCpu)
        {
            // ILGPU's CPU accelerator runs every GPU thread as CPU work: the figures (hundreds of decoded images) would take
            // many minutes there. They are drawn on the CPU from the committed checkpoint, the same weights, as `report` would.
            Log("ilgpu-cpu: the figures and report are drawn on the CPU from the trained weights (the checkpoint just saved); " +
                "ILGPU's CPU accelerator would take many minutes for them.");
            Tensor.DefaultBackend = Backends.Cpu;
            ((CpuBackend)Backends.Cpu).Threads = config.Threads;
            Generator.ManualSeed(config.Seed);                                   // as PrepareTrained does for `report`
            experiment = ExperimentRegistry.Find(config.Family).Create(config, test);
            _ = RunCheckpoint.Load(run, experiment, training: false) ?? throw NoCheckpoint(run);
        }
        var report = new ReportPage(ExperimentRegistry.Find(config.Family).Title(config)) { Subtitle = experiment.Description };
        var settings = ExperimentRegistry.Find(config.Family).Settings;
        using (var json = System.Text.Json.JsonDocument.Parse(config.ToJson()))
        {
            foreach (var property in json.RootElement.EnumerateObject())
            {
                if (!settings.Contains(property.Name) || property.Value.ValueKind == System.Text.Json.JsonValueKind.Null) continue;
                report.AddConfig(property.Name, property.Value.ToString());
            }
        }
        report.AddConfig("data used", dataUsed);                   // with --test-limit it ends "test set limited to N" (the test-limit row is the setting)
        report.ConfigNote = $"The settings {config.Family} reads (unset ones left out); config.json holds them all.";
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
        Inside.StepSection.Add(run, experiment, test, report);    // last: a step recorded (time, memory, the tape's graph)
        return new RunOutcome(report.Write(run.Path), warnings);
    }
}

/// <summary>How a training verb ended: the report's path (null when stopped by a signal) and the health warnings.</summary>
public sealed record RunOutcome(string? Report, IReadOnlyList<string> Warnings);
