// Starting, resuming and reporting a run: picks the device, loads the data, builds the experiment named in the
// config, trains it and writes the figures and report.html into the run folder.
namespace Engine.Models.Training;

using Engine.Imaging;
using Engine.Kernels.Cpu;
using Engine.Models.Experiments;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public sealed class RunDriver
{
    public static readonly IReadOnlyList<string> ModelNames = ["ae", "dae", "sparse-l1", "sparse-kl", "vae", "vae-kl-only"];

    public Action<string> Log { get; init; } = Console.WriteLine;

    public Action<int, int, int, double>? OnStep { get; init; }

    public Action<int, double[], double[]>? OnEpoch { get; init; }

    /// <summary>Trains a new run in <paramref name="runPath"/>; returns the path of its report (null if cancelled).</summary>
    public string? Train(RunConfig config, string runPath, CancellationToken cancel = default)
    {
        var run = new RunFolder(runPath);
        var (experiment, data) = Prepare(config);
        File.WriteAllText(run.Config, config.ToJson());
        var log = new MetricsLog(run.Metrics, experiment.Terms, append: false);
        var optimizer = new Adam(experiment.Model.Parameters(), config.LearningRate);
        Log($"Training {config.Model} (latent {config.Latent}, {experiment.Model.ParameterCount():N0} parameters) on " +
            $"{Tensor.DefaultBackend.Name} for {config.Epochs} epochs of {data.Train.Count:N0} images; run folder {run.Path}");
        return Continue(experiment, run, data, optimizer, TrainingState.Start(log.Terms.Count), log, cancel);
    }

    /// <summary>Continues an interrupted run from its last checkpoint to the end.</summary>
    public string? Resume(string runPath, CancellationToken cancel = default)
    {
        var run = RunFolder.Open(runPath);
        var config = RunConfig.FromJson(File.ReadAllText(run.Config), run.Config);
        var (experiment, data) = Prepare(config);
        Checkpoint.Load(experiment.Model, run.Model);
        var optimizer = new Adam(experiment.Model.Parameters(), config.LearningRate);
        var state = TrainingState.Load(run.TrainingState, optimizer, experiment.Generators);
        var log = new MetricsLog(run.Metrics, experiment.Terms, append: true);
        log.TruncateAfter(state.GlobalStep);
        Log($"Resuming {run.Path} at epoch {state.Epoch + 1}, batch {state.NextBatch + 1}.");
        return Continue(experiment, run, data, optimizer, state, log, cancel);
    }

    /// <summary>Rewrites the figures and report of a finished run from its checkpoint.</summary>
    public string Report(string runPath)
    {
        var run = RunFolder.Open(runPath);
        var config = RunConfig.FromJson(File.ReadAllText(run.Config), run.Config);
        var (experiment, data) = Prepare(config);
        Checkpoint.Load(experiment.Model, run.Model);
        return WriteReport(experiment, run, data.Test);
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

    /// <summary>cpu, cuda, cuda:N, ilgpu-cpu or auto (the GPU when one is usable, else the CPU); see Backends.Resolve.</summary>
    public static IBackend ResolveDevice(string device) => Backends.Resolve(device);

    private string? Continue(Experiment experiment, RunFolder run, FashionMnistSplits data, Optimizer optimizer,
        TrainingState state, MetricsLog log, CancellationToken cancel)
    {
        var trainer = new Trainer(experiment, run, data.Train, data.Test) { OnStep = OnStep, OnEpoch = OnEpoch };
        if (!trainer.Run(optimizer, state, log, cancel))
        {
            Log($"Stopped. A resumable checkpoint is in {run.Path}; continue with: engine resume {run.Path}");
            return null;
        }
        return WriteReport(experiment, run, data.Test);
    }

    private static string WriteReport(Experiment experiment, RunFolder run, Dataset test)
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
        var terms = File.ReadLines(run.Metrics).First().Split(',').Skip(3).ToArray();
        for (int t = 0; t < terms.Length; t++)
        {
            if (train.Count > 0) report.AddMetric($"train {terms[t]} (last epoch)", train[^1].Values[t]);
            if (testRows.Count > 0) report.AddMetric($"test {terms[t]} (last epoch)", testRows[^1].Values[t]);
        }
        experiment.WriteFigures(run, test, report);
        ExtraFigures.AddTo(run, report);                          // interpolate, sample, arithmetic
        return report.Write(run.Path);
    }
}
