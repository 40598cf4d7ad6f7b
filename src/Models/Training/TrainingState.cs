// What a run needs to continue exactly where it stopped, besides the weights: the optimizer's moments and step,
// the position in the data (epoch, next batch), the random streams' counters, the partial epoch sums and how many
// bytes of metrics.csv were written by then. Saved in the checkpoint folder as training-state.safetensors, with the
// SHA-256 of the model file it belongs to (see RunCheckpoint).
namespace Engine.Models.Training;

using System.Globalization;
using Engine.Nn.Checkpoints;

public sealed record TrainingState(int Epoch, int NextBatch, long GlobalStep, double[] EpochSums, int EpochBatches, long MetricsBytes)
{
    public static TrainingState Start(int terms) => new(0, 0, 0, new double[terms], 0, 0);

    public void Save(string path, Optimizer optimizer, IReadOnlyList<Generator> generators, string modelSha256)
    {
        var tensors = optimizer.StateTensors()
            .Select(s => SafetensorsTensor.FromFloats("optimizer." + s.Name, s.State.ToArray(), s.State.Shape.ToArray()))
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
            ["optimizer_steps"] = Text(optimizer.StepCount),
            ["learning_rate"] = optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["generator_offsets"] = string.Join(";", generators.Select(g => Text((long)g.Offset))),
        };
        SafetensorsFile.Write(path, tensors, meta);
    }

    /// <summary>Restores the optimizer and random streams from <paramref name="contents"/> and returns the position.</summary>
    public static TrainingState Load(SafetensorsContents contents, string path, Optimizer optimizer, IReadOnlyList<Generator> generators)
    {
        var meta = contents.Metadata;
        foreach (var (name, state) in optimizer.StateTensors())
        {
            var tensor = contents.Tensors.FirstOrDefault(t => t.Name == "optimizer." + name)
                ?? throw new SafetensorsFormatException(path, "optimizer." + name, "is missing: the state was saved for another model or optimizer.");
            var values = tensor.ToFloats();
            if (values.Length != state.Count)
            {
                throw new SafetensorsFormatException(path, "optimizer." + name, $"has {values.Length} values; the optimizer needs {state.Count}.");
            }
            state.CopyFrom(values);
        }
        optimizer.StepCount = (int)Number(meta, "optimizer_steps", path);
        optimizer.LearningRate = float.Parse(Get(meta, "learning_rate", path), CultureInfo.InvariantCulture);
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
