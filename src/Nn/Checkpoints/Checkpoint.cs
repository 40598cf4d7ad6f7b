// A module's state dict as a safetensors file with PyTorch's names ("encoder.0.1.running_mean"), so weights trained
// here load in PyTorch with load_state_dict and back. Float values are F32; num_batches_tracked counters are I64.
// Loading checks every name (from the header, before the data), shape, dtype and value (finite weights, running
// variances >= 0, counters >= 0) against the module before changing anything: all or nothing.
using System.Globalization;

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

    /// <summary>Reads a state dict into the module; returns the file's metadata. Throws <see cref="SafetensorsFormatException"/>.</summary>
    public static IReadOnlyDictionary<string, string> Load(Module module, string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Load(module, stream, path);
    }

    /// <summary>As <see cref="Load(Module, string)"/>, from a seekable stream; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, string> Load(Module module, Stream stream, string path)
    {
        var entries = module.StateDict().ToDictionary(e => e.Name, e => e.Entry);
        CheckNames(module, path, entries, SafetensorsFile.ReadHeader(stream, path).Entries.Select(e => e.Name).ToHashSet());
        var contents = SafetensorsFile.Read(stream, path);
        var byName = contents.Tensors.ToDictionary(t => t.Name);

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
                floats.Add((values, ReadWeights(path, tensor)));
            }
            else
            {
                counters.Add((entry.Buffer!, ReadCounter(path, tensor)));
            }
        }
        foreach (var (target, values) in floats) target.CopyFrom(values);
        foreach (var (target, value) in counters) target.Counter = value;
        return contents.Metadata;
    }

    /// <summary>
    /// Checks a checkpoint file on its own, before any module exists (eval and report check a run's checkpoint before they
    /// read any data): its format, every weight (a float dtype, finite values, running variances >= 0) and every
    /// num_batches_tracked counter. Returns the metadata; <see cref="Load(Module, string)"/> then checks names and shapes.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Verify(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Checkpoint '{path}' does not exist.", path);
        }
        var contents = SafetensorsFile.Read(path);
        foreach (var tensor in contents.Tensors)
        {
            if (tensor.Name.EndsWith(CounterName, StringComparison.Ordinal)) ReadCounter(path, tensor);
            else ReadWeights(path, tensor);
        }
        return contents.Metadata;
    }

    /// <summary>The name PyTorch gives a batch-norm layer's batch counter, the only integer tensors of a state dict.</summary>
    private const string CounterName = "num_batches_tracked";

    private static void CheckNames(Module module, string path, Dictionary<string, StateEntry> entries, HashSet<string> inFile)
    {
        var unknown = inFile.Where(n => !entries.ContainsKey(n)).Order(StringComparer.Ordinal).ToList();
        var missing = entries.Keys.Where(n => !inFile.Contains(n)).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new SafetensorsFormatException(path, (unknown.Count > 0 ? unknown : missing)[0],
                $"does not match {module.GetType().Name}: " +
                (unknown.Count > 0 ? $"unknown tensors {Names(unknown)}; " : "") +
                (missing.Count > 0 ? $"missing tensors {Names(missing)}; " : "") +
                "was it saved from a model with another architecture or latent size?");
        }
    }

    /// <summary>A weight's values as floats, refusing a dtype that is not floating-point and values no healthy run saves.</summary>
    private static float[] ReadWeights(string path, SafetensorsTensor tensor)
    {
        if (tensor.DType is not (SafetensorsDType.F32 or SafetensorsDType.F64 or SafetensorsDType.F16 or SafetensorsDType.BF16))
        {
            throw new SafetensorsFormatException(path, tensor.Name, $"has dtype {tensor.DType}; a floating-point tensor (F32, F64, F16 or BF16) is expected.");
        }
        return CheckValues(path, tensor.Name, tensor.ToFloats());
    }

    /// <summary>Refuses NaN or infinite weights (an F64 value beyond float range becomes infinite) and negative running variances.</summary>
    private static float[] CheckValues(string path, string name, float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                throw new SafetensorsFormatException(path, name,
                    $"element {i} of {values.Length} is {values[i].ToString(CultureInfo.InvariantCulture)} (or out of float32 range); a checkpoint must hold finite weights. " +
                    "The run that wrote it diverged: train again with a lower --lr, or use an earlier checkpoint.");
            }
            if (values[i] < 0 && name.EndsWith("running_var", StringComparison.Ordinal))
            {
                throw new SafetensorsFormatException(path, name,
                    $"element {i} of {values.Length} is the negative variance {values[i].ToString(CultureInfo.InvariantCulture)}; running variances are >= 0, so the file is corrupt.");
            }
        }
        return values;
    }

    /// <summary>A num_batches_tracked counter: one integer (any integer dtype), 0 to long.MaxValue.</summary>
    private static long ReadCounter(string path, SafetensorsTensor tensor)
    {
        if (tensor.ElementCount != 1)
        {
            throw new SafetensorsFormatException(path, tensor.Name,
                $"has shape ({string.Join(", ", tensor.Shape)}); it must be a single integer (PyTorch's num_batches_tracked).");
        }
        if (tensor.DType is not (SafetensorsDType.I64 or SafetensorsDType.I32 or SafetensorsDType.I16 or SafetensorsDType.I8
            or SafetensorsDType.U64 or SafetensorsDType.U32 or SafetensorsDType.U16 or SafetensorsDType.U8))
        {
            throw new SafetensorsFormatException(path, tensor.Name,
                $"has dtype {tensor.DType}; a batch counter (num_batches_tracked) is an integer, stored as I64 by PyTorch.");
        }
        if (tensor.DType == SafetensorsDType.U64 && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(tensor.Data) > long.MaxValue)
        {
            throw new SafetensorsFormatException(path, tensor.Name,
                $"holds {System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(tensor.Data)}, beyond the largest batch count {long.MaxValue}; the file is corrupt.");
        }
        long value = tensor.ToLongs()[0];
        if (value < 0)
        {
            throw new SafetensorsFormatException(path, tensor.Name, $"holds {value}; a count of batches cannot be negative, so the file is corrupt.");
        }
        return value;
    }

    private static string Names(List<string> names) =>
        string.Join(", ", names.Take(5)) + (names.Count > 5 ? $" and {names.Count - 5} more" : "");
}
