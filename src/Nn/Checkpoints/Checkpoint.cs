// A module's state dict as a safetensors file with PyTorch's names ("encoder.0.1.running_mean"), so weights trained
// here load in PyTorch with load_state_dict and back. Float values are F32; num_batches_tracked counters are I64.
// Loading checks every name, shape and dtype against the module before changing anything: all or nothing.
namespace Engine.Nn.Checkpoints;

public static class Checkpoint
{
    /// <summary>Writes the module's state dict atomically; metadata gets format "pt" plus the entries given.</summary>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var tensors = new List<SafetensorsTensor>();
        foreach (var (name, entry) in module.StateDict())
        {
            tensors.Add(entry.Values is { } values
                ? SafetensorsTensor.FromFloats(name, values.ToArray(), values.Shape.ToArray())
                : SafetensorsTensor.FromLongs(name, [entry.Buffer!.Counter]));
        }
        var meta = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>()) { ["format"] = "pt" };
        SafetensorsFile.Write(path, tensors, meta);
    }

    /// <summary>Reads a state dict into the module; returns the file's metadata.</summary>
    public static IReadOnlyDictionary<string, string> Load(Module module, string path)
    {
        var contents = SafetensorsFile.Read(path);
        var entries = module.StateDict().ToDictionary(e => e.Name, e => e.Entry);
        var byName = new Dictionary<string, SafetensorsTensor>();
        foreach (var tensor in contents.Tensors) byName[tensor.Name] = tensor;

        var unknown = byName.Keys.Where(n => !entries.ContainsKey(n)).ToList();
        var missing = entries.Keys.Where(n => !byName.ContainsKey(n)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new SafetensorsFormatException(path, (unknown.Count > 0 ? unknown : missing)[0],
                $"does not match {module.GetType().Name}: " +
                (unknown.Count > 0 ? $"unknown tensors {Names(unknown)}; " : "") +
                (missing.Count > 0 ? $"missing tensors {Names(missing)}; " : "") +
                "was it saved from a model with another architecture or latent size?");
        }

        var floats = new List<(Tensor Target, float[] Values)>();
        var counters = new List<(StateBuffer Target, long Value)>();
        foreach (var (name, entry) in entries)
        {
            var tensor = byName[name];
            if (entry.Values is { } values)
            {
                if (!tensor.Shape.SequenceEqual(values.Shape.ToArray()))
                {
                    throw new SafetensorsFormatException(path, name,
                        $"has shape ({string.Join(", ", tensor.Shape)}) but the module expects {values.Shape}.");
                }
                if (tensor.DType is not (SafetensorsDType.F32 or SafetensorsDType.F64 or SafetensorsDType.F16 or SafetensorsDType.BF16))
                {
                    throw new SafetensorsFormatException(path, name, $"has dtype {tensor.DType}; a floating-point tensor is expected.");
                }
                floats.Add((values, tensor.ToFloats()));
            }
            else
            {
                if (tensor.Shape.Aggregate(1L, (a, d) => a * d) != 1)
                {
                    throw new SafetensorsFormatException(path, name, "must be a single integer (PyTorch's num_batches_tracked).");
                }
                counters.Add((entry.Buffer!, tensor.ToLongs()[0]));
            }
        }
        foreach (var (target, values) in floats) target.CopyFrom(values);
        foreach (var (target, value) in counters) target.Counter = value;
        return contents.Metadata;
    }

    private static string Names(List<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
}
