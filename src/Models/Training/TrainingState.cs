// What a run needs to continue exactly where it stopped, besides the weights: each optimizer's moments, step and learning
// rate and its scheduler's state (the single optimizer of the canonical step keeps part 1's names: "optimizer.*",
// optimizer_steps, learning_rate; optimizer "NAME" of a family with several is "optimizer-NAME.*", optimizer-NAME_steps, ...),
// the position in the data (epoch, next batch), the random streams' counters, the partial epoch sums and how many
// bytes of metrics.csv were written by then, and what the experiment itself gathered (pca's running sums). Saved in the checkpoint folder as training-state.safetensors, with the
// SHA-256 of the model file it belongs to (see RunCheckpoint).
namespace Engine.Models.Training;

using System.Globalization;
using Engine.Nn.Checkpoints;

public sealed record TrainingState(int Epoch, int NextBatch, long GlobalStep, double[] EpochSums, int EpochBatches, long MetricsBytes)
{
    public static TrainingState Start(int terms) => new(0, 0, 0, new double[terms], 0, 0);

    /// <summary>Writes the state; <paramref name="gathered"/> is what the experiment itself keeps (Experiment.GatheredState).</summary>
    public void Save(string path, IReadOnlyList<TrainingOptimizer> optimizers, IReadOnlyList<Generator> generators, string modelSha256,
        IReadOnlyList<SafetensorsTensor> gathered)
    {
        var tensors = optimizers.SelectMany(o => o.Optimizer.StateTensors()
            .Select(s => SafetensorsTensor.FromFloats(Prefix(o) + "." + s.Name, s.State.ToArray(), s.State.Shape.ToArray())))
            .Concat(gathered)
            .ToList();
        var meta = new Dictionary<string, string>
        {
            ["epoch"] = Text(Epoch),
            ["next_batch"] = Text(NextBatch),
            ["global_step"] = Text(GlobalStep),
            ["epoch_batches"] = Text(EpochBatches),
            ["epoch_sums"] = string.Join(";", EpochSums.Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            ["metrics_bytes"] = Text(MetricsBytes),
            ["model_sha256"] = modelSha256,
            [RunCheckpoint.ManifestKey] = CheckpointManifest.FileName,
            ["generator_offsets"] = string.Join(";", generators.Select(g => Text((long)g.Offset))),
        };
        foreach (var o in optimizers)
        {
            meta[StepsKey(o)] = Text(o.Optimizer.StepCount);
            meta[RateKey(o)] = o.Optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture);
            if (o.Scheduler is { State: var (best, bad, cooldown) })
            {
                meta[Prefix(o) + "_scheduler"] = $"{best.ToString("R", CultureInfo.InvariantCulture)};{Text(bad)};{Text(cooldown)}";
            }
        }
        SafetensorsFile.Write(path, tensors, meta);
    }

    private static string Prefix(TrainingOptimizer o) => o.Name.Length == 0 ? "optimizer" : "optimizer-" + o.Name;

    private static string StepsKey(TrainingOptimizer o) => Prefix(o) + "_steps";

    private static string RateKey(TrainingOptimizer o) => o.Name.Length == 0 ? "learning_rate" : Prefix(o) + "_learning_rate";

    /// <summary>Restores the optimizers, their schedulers and the random streams from <paramref name="contents"/> and returns the position.</summary>
    public static TrainingState Load(SafetensorsContents contents, string path, IReadOnlyList<TrainingOptimizer> optimizers,
        IReadOnlyList<Generator> generators)
    {
        var meta = contents.Metadata;
        foreach (var o in optimizers)
        {
            foreach (var (name, state) in o.Optimizer.StateTensors())
            {
                string key = Prefix(o) + "." + name;
                var tensor = contents.Tensors.FirstOrDefault(t => t.Name == key)
                    ?? throw new SafetensorsFormatException(path, key, "is missing: the state was saved for another model or optimizer.");
                var values = tensor.ToFloats();
                if (values.Length != state.Count)
                {
                    throw new SafetensorsFormatException(path, key, $"has {values.Length} values; the optimizer needs {state.Count}.");
                }
                state.CopyFrom(values);
            }
            o.Optimizer.StepCount = (int)Number(meta, StepsKey(o), path);
            o.Optimizer.LearningRate = Real(Get(meta, RateKey(o), path), path);
            if (o.Scheduler is { } scheduler)
            {
                var parts = Get(meta, Prefix(o) + "_scheduler", path).Split(';');
                scheduler.State = parts.Length == 3 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out int bad)
                    && int.TryParse(parts[2], CultureInfo.InvariantCulture, out int cooldown)
                    ? (Real(parts[0], path), bad, cooldown)
                    : throw new InvalidDataException($"{path}: the scheduler state of {Prefix(o)} is damaged; train again with --overwrite.");
            }
        }
        var offsets = Get(meta, "generator_offsets", path).Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (offsets.Length != generators.Count)
        {
            throw new InvalidDataException($"{path} saved {offsets.Length} random streams; this experiment has {generators.Count}.");
        }
        for (int i = 0; i < offsets.Length; i++)
        {
            generators[i].Offset = ulong.TryParse(offsets[i], CultureInfo.InvariantCulture, out ulong offset) ? offset
                : throw new InvalidDataException($"{path}: random stream offset '{offsets[i]}' is not a number.");
        }
        return Read(contents, path);
    }

    /// <summary>The position recorded in a training-state file.</summary>
    public static TrainingState Read(SafetensorsContents contents, string path)
    {
        var meta = contents.Metadata;
        var sums = Get(meta, "epoch_sums", path).Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.TryParse(s, CultureInfo.InvariantCulture, out double v) ? v
                : throw new InvalidDataException($"{path}: epoch sum '{s}' is not a number.")).ToArray();
        return new TrainingState((int)Number(meta, "epoch", path), (int)Number(meta, "next_batch", path),
            Number(meta, "global_step", path), sums, (int)Number(meta, "epoch_batches", path), Number(meta, "metrics_bytes", path));
    }

    private static float Real(string text, string path) =>
        float.TryParse(text, CultureInfo.InvariantCulture, out float value) ? value
            : throw new InvalidDataException($"{path}: '{text}' is not a number; the training state is damaged.");

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static long Number(IReadOnlyDictionary<string, string> meta, string key, string path)
    {
        string text = Get(meta, key, path);
        return long.TryParse(text, CultureInfo.InvariantCulture, out long value) && value >= 0
            && (value <= int.MaxValue || key is "global_step" or "metrics_bytes") ? value
            : throw new InvalidDataException($"{path}: '{key}' is '{text}', not a count; the training state is damaged.");
    }

    private static string Get(IReadOnlyDictionary<string, string> meta, string key, string path) =>
        meta.TryGetValue(key, out var value) ? value
            : throw new InvalidDataException($"{path} has no '{key}' entry: it is not a training state written by this engine.");
}
