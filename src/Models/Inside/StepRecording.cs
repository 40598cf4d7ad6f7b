// One training step of a family's model recorded by TapeRecorder: for a run folder its trained weights and config, for a
// family name a fresh model with the family's defaults. The batch is the first test items (the training split is never
// read), the step runs unrecorded to warm up (JIT, buffer pool, optimizer state; 5 times by default), is timed unrecorded, then
// recorded once. Each phase is named after the optimizers that stepped in it. The recorded steps change a copy of the
// weights in memory only: nothing is written to the run folder.
namespace Engine.Models.Inside;

using System.Diagnostics;
using Engine.Autograd;
using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

/// <summary>A recorded training step and what it was recorded on.</summary>
public sealed record StepRecording(StepRecord Step, string Title, int Batch, string Device, double UnrecordedMs)
{
    /// <summary>Unrecorded steps run before the recorded one (JIT, buffer pool, optimizer state).</summary>
    public const int WarmUpSteps = 5;

    /// <summary>Unrecorded steps timed; their median is <see cref="UnrecordedMs"/>.</summary>
    public const int TimedSteps = 5;

    /// <summary>The step of the trained run in <paramref name="runPath"/> on its weights (on <paramref name="device"/>, else its own).</summary>
    public static StepRecording OfRun(string runPath, int? batch = null, string? device = null, Action<string>? log = null)
    {
        var previous = Tensor.DefaultBackend;
        try
        {
            var (experiment, data) = new RunDriver { Log = log ?? (_ => { }) }.Load(runPath);   // a bad folder: one clear line
            var backend = device is null ? Tensor.DefaultBackend : RunDriver.ResolveDevice(device);
            return Record(experiment, data.Test, batch, backend);
        }
        finally
        {
            Tensor.DefaultBackend = previous;
        }
    }

    /// <summary>The step of a fresh model of <paramref name="family"/> with its defaults, on <paramref name="device"/>.</summary>
    public static StepRecording OfFamily(string family, int? batch = null, string device = "cpu", Action<string>? log = null)
    {
        var f = ExperimentRegistry.Find(family);                                              // unknown: one line listing them
        var config = f.Defaults(new RunConfig { Family = f.Name, Device = device });      // the engine recipe's
        config = config with { BatchSize = f.DefaultBatchSize(config) };
        var previous = Tensor.DefaultBackend;
        try
        {
            var backend = RunDriver.ResolveDevice(device);
            Tensor.DefaultBackend = backend;
            var test = f.Data is { } own ? own(config).Test : Datasets.LoadTest(config.Dataset, null, log).Test;
            Generator.ManualSeed(config.Seed);
            return Record(f.Create(config, test), test, batch, backend);
        }
        finally
        {
            Tensor.DefaultBackend = previous;
        }
    }

    /// <summary>
    /// Moves <paramref name="experiment"/>'s model onto a recorder over <paramref name="backend"/> and records one step on the
    /// first <paramref name="batchSize"/> test items (null: the family's training batch size), at most the whole test set.
    /// </summary>
    public static StepRecording Record(Experiment experiment, Dataset test, int? batchSize, IBackend backend,
        int warmUp = WarmUpSteps, int timed = TimedSteps)
    {
        if (batchSize < 2)
        {
            throw new ArgumentException($"--batch must be 2 or more (batch norm needs two items per channel in training); got {batchSize}.");
        }
        if (experiment.Optimizers.Count == 0)
        {
            string family = experiment.Config.Family;
            throw new ArgumentException($"{family} is fitted, not trained: its step gathers statistics without a tape, so there is no " +
                                        "graph to record. Record a trained family's step instead (e.g. engine graph ae).");
        }
        int count = Math.Min(batchSize ?? experiment.BatchSize(test.Count), test.Count);
        if (count < 2)
        {
            throw new ArgumentException($"The test set has {test.Count} item(s); a recorded step needs 2 or more.");
        }
        var recorder = new TapeRecorder(backend);
        var previous = Tensor.DefaultBackend;
        Tensor.DefaultBackend = recorder.Backend;
        try
        {
            var model = experiment.Model;
            model.To(recorder.Backend);
            model.Train();
            var source = new BatchLoader(test, count, seed: 0, shuffle: false).Epoch(0).First();
            TrainingBatch batch;
            using (TensorScope.Suspend()) batch = TrainingBatch.From(source, test);
            for (int i = 0; i < warmUp; i++) RunStep(experiment, batch);
            var times = new double[Math.Max(1, timed)];
            for (int i = 0; i < times.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                RunStep(experiment, batch);
                times[i] = watch.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            var names = model.NamedParameters().ToDictionary(p => p.Parameter.Value, p => p.Name, (IEqualityComparer<Tensor>)ReferenceEqualityComparer.Instance);
            var counts = experiment.Optimizers.Select(o => o.Optimizer.StepCount).ToArray();
            string? PhaseName()
            {
                var stepped = experiment.Optimizers.Where((o, i) => o.Optimizer.StepCount != counts[i]).Select(o => o.Name).ToList();
                counts = experiment.Optimizers.Select(o => o.Optimizer.StepCount).ToArray();
                return stepped.Count == 0 ? null : string.Join("+", stepped.Select(n => n.Length == 0 ? "step" : n));
            }
            StepRecord record;
            using (TensorScope.Begin()) record = recorder.Record(() => experiment.Step(batch), names, PhaseName);
            NameRepeats(record);
            batch.Items.Dispose();
            string title = ExperimentRegistry.Find(experiment.Config.Family).Title(experiment.Config);
            return new StepRecording(record, title, count, backend.Name, times[times.Length / 2]);
        }
        finally
        {
            Tensor.DefaultBackend = previous;
        }
    }

    private static void RunStep(Experiment experiment, TrainingBatch batch)
    {
        using var scope = TensorScope.Begin();
        var loss = experiment.Step(batch);
        _ = loss.ReadValues();                                       // as the trainer: one device->host copy ends the step
    }

    // Phases without a name get "phase N"; a name seen before (a discriminator stepped twice, the predictor's steps) is a further run.
    private static void NameRepeats(StepRecord record)
    {
        var seen = new Dictionary<string, int>();
        for (int i = 0; i < record.Phases.Count; i++)
        {
            var phase = record.Phases[i];
            if (phase.Name.Length == 0) phase.Name = $"phase {i + 1}";
            phase.Run = seen[phase.Name] = seen.GetValueOrDefault(phase.Name) + 1;
        }
    }
}
