// What a run needs to continue exactly where it stopped, besides the weights: the optimizer's moments and step,
// the position in the data (epoch, next batch), the random streams' counters and the partial epoch sums.
// Saved atomically beside model.safetensors as training-state.safetensors.
namespace Engine.Models.Training;

using System.Globalization;
using Engine.Nn.Checkpoints;

public sealed record TrainingState(int Epoch, int NextBatch, long GlobalStep, double[] EpochSums, int EpochBatches)
{
    public static TrainingState Start(int terms) => new(0, 0, 0, new double[terms], 0);

    public void Save(string path, Optimizer optimizer, IReadOnlyList<Generator> generators)
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
            ["optimizer_steps"] = Text(optimizer.StepCount),
            ["learning_rate"] = optimizer.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            ["generator_offsets"] = string.Join(";", generators.Select(g => Text((long)g.Offset))),
        };
        SafetensorsFile.Write(path, tensors, meta);
    }

    public static TrainingState Load(string path, Optimizer optimizer, IReadOnlyList<Generator> generators)
    {
        var contents = SafetensorsFile.Read(path);
        var meta = contents.Metadata;
        foreach (var (name, state) in optimizer.StateTensors())
        {
            var values = contents["optimizer." + name].ToFloats();
            if (values.Length != state.Count)
            {
                throw new SafetensorsFormatException(path, "optimizer." + name, $"has {values.Length} values; the optimizer needs {state.Count}.");
            }
            state.CopyFrom(values);
        }
        optimizer.StepCount = int.Parse(Get(meta, "optimizer_steps", path), CultureInfo.InvariantCulture);
        optimizer.LearningRate = float.Parse(Get(meta, "learning_rate", path), CultureInfo.InvariantCulture);
        var offsets = Get(meta, "generator_offsets", path).Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (offsets.Length != generators.Count)
        {
            throw new InvalidDataException($"{path} saved {offsets.Length} random streams; this experiment has {generators.Count}.");
        }
        for (int i = 0; i < offsets.Length; i++) generators[i].Offset = ulong.Parse(offsets[i], CultureInfo.InvariantCulture);
        return new TrainingState(
            int.Parse(Get(meta, "epoch", path), CultureInfo.InvariantCulture),
            int.Parse(Get(meta, "next_batch", path), CultureInfo.InvariantCulture),
            long.Parse(Get(meta, "global_step", path), CultureInfo.InvariantCulture),
            Get(meta, "epoch_sums", path).Split(';', StringSplitOptions.RemoveEmptyEntries)
                .Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray(),
            int.Parse(Get(meta, "epoch_batches", path), CultureInfo.InvariantCulture));
    }

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Get(IReadOnlyDictionary<string, string> meta, string key, string path) =>
        meta.TryGetValue(key, out var value) ? value
            : throw new InvalidDataException($"{path} has no '{key}' entry: it is not a training state written by this engine.");
}
