// The fuzzed parsers, one entry per target: feed it any bytes; it returns normally or throws that parser's own format
// exception. Anything else, or more than 64 MiB allocated for one input, is a finding. Shared by the AFL++ harness
// (tools/Fuzz) and the regression tests (tests/Engine.Tests/Fuzz), which replay the committed findings.
namespace Engine.Fuzz;

using System.Text;
using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public static class FuzzTargets
{
    /// <summary>Most bytes one input may allocate: a header may not make the parser reserve more.</summary>
    public const long MaxAllocation = 64L << 20;

    public static readonly IReadOnlyList<string> Names = ["idx", "safetensors", "checkpoint", "png", "config", "metrics"];

    /// <summary>
    /// Runs <paramref name="target"/> on <paramref name="input"/> and returns the bytes it allocated; throws
    /// <see cref="FuzzFindingException"/> when it allocated over the limit, and lets any other exception out (a finding).
    /// The target "selftest" proves the pipeline: an IDX labels file holding the label 195 throws a non-format exception.
    /// </summary>
    public static long Run(string target, byte[] input)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Parse(target, input);
        }
        catch (Exception e) when (IsFormatError(target, e))
        {
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (allocated > MaxAllocation)
        {
            throw new FuzzFindingException($"{target}: one input of {input.Length} bytes allocated {allocated} bytes (limit {MaxAllocation}).");
        }
        return allocated;
    }

    private static void Parse(string target, byte[] input)
    {
        switch (target)
        {
            case "idx":
                byte[] bytes = IdxReader.Decompress(input, "input");
                try
                {
                    IdxReader.ParseImages(bytes, "input");
                }
                catch (InvalidDataException)
                {
                }
                IdxReader.ParseLabels(bytes, "input");
                break;
            case "safetensors":
                SafetensorsFile.Read(new MemoryStream(input), "input");
                break;
            case "checkpoint":
                Checkpoint.Load(CheckpointModel(), new MemoryStream(input), "input");
                break;
            case "png":
                Png.Decode(input, "input");
                break;
            case "config":
                RunConfig.FromJson(Encoding.UTF8.GetString(input), "input");
                break;
            case "metrics":
                MetricsLog.Parse(Lines(Encoding.UTF8.GetString(input)), "input", "train");
                break;
            case "selftest":
                if (IdxReader.ParseLabels(input, "input").Contains(0xC3))
                {
                    throw new InvalidOperationException("selftest: the fuzzer found the planted crash (a label 195).");
                }
                break;
            default:
                throw new ArgumentException($"Unknown fuzz target '{target}'; choose one of {string.Join(", ", Names)}.");
        }
    }

    /// <summary>The lines as File.ReadLines gives them (\n, \r\n or \r; no empty line after a final newline).</summary>
    private static IEnumerable<string> Lines(string text)
    {
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line) yield return line;
    }

    private static bool IsFormatError(string target, Exception e) => target switch
    {
        "safetensors" or "checkpoint" => e is SafetensorsFormatException,
        "png" => e is ImageFormatException,
        "selftest" => e is InvalidDataException,
        _ => e is InvalidDataException,
    };

    /// <summary>The checkpoint target's module: conv + batch norm (with its counter) + linear, as PyTorch would name them.</summary>
    public static Module CheckpointModel() => new Sequential(new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2)), new Linear(4, 3));

    /// <summary>Small valid inputs to start from, one folder per target.</summary>
    public static void WriteSeeds(string folder)
    {
        void Seed(string target, string name, byte[] bytes)
        {
            Directory.CreateDirectory(Path.Combine(folder, target));
            File.WriteAllBytes(Path.Combine(folder, target, name), bytes);
        }
        Seed("idx", "images", Idx(0x00000803, [3, 4, 5]));
        Seed("idx", "labels", Idx(0x00000801, [6]));
        using (var gzip = new MemoryStream())
        {
            using (var zip = new System.IO.Compression.GZipStream(gzip, System.IO.Compression.CompressionLevel.Optimal)) zip.Write(Idx(0x00000803, [2, 3, 3]));
            Seed("idx", "images.gz", gzip.ToArray());
        }
        var tensors = new List<SafetensorsTensor>
        {
            SafetensorsTensor.FromFloats("w", [1f, -2f, 3.5f, 0f], 2, 2),
            SafetensorsTensor.FromLongs("n", [7]),
            new("h", SafetensorsDType.F16, [3], new byte[6]),
        };
        Seed("safetensors", "small.safetensors", Safetensors(tensors, new Dictionary<string, string> { ["model"] = "ae" }));
        Seed("safetensors", "empty.safetensors", Safetensors([], null));
        Seed("safetensors", "packed.safetensors", Safetensors(
            [new("f4", SafetensorsDType.F4, [4], new byte[2]), new("b", SafetensorsDType.BOOL, [2, 0], []), new("u", SafetensorsDType.U64, [], new byte[8])], null));
        var state = CheckpointModel().StateDict().Select(e => e.Entry.Values is { } v
            ? SafetensorsTensor.FromFloats(e.Name, v.ToArray(), v.Shape.ToArray())
            : SafetensorsTensor.FromLongs(e.Name, [3])).ToList();
        Seed("checkpoint", "model.safetensors", Safetensors(state, new Dictionary<string, string> { ["format"] = "pt" }));
        Seed("checkpoint", "model-f64.safetensors", Safetensors(state.Select(t => t.DType == SafetensorsDType.F32
            ? new SafetensorsTensor(t.Name, SafetensorsDType.F64, t.Shape, t.ToFloats().SelectMany(f => BitConverter.GetBytes((double)f)).ToArray())
            : t with { DType = SafetensorsDType.U64 }).ToList(), null));
        Seed("png", "gray.png", Png.Encode(new Image(5, 4, 1, Enumerable.Range(0, 20).Select(i => (byte)(i * 12)).ToArray())));
        Seed("png", "rgba.png", Png.Encode(new Image(3, 3, 4, Enumerable.Range(0, 36).Select(i => (byte)(i * 7)).ToArray())));
        Seed("config", "config.json", Encoding.UTF8.GetBytes(new RunConfig { Limit = 64, DataDir = "/data" }.ToJson()));
        Seed("selftest", "labels", Idx(0x00000801, [6]));
        Seed("metrics", "metrics.csv", Encoding.UTF8.GetBytes(
            "split,epoch,step,total,bce,kl\nstep,1,1,0.5,0.4,0.1\ntrain,1,1,0.5,0.4,0.1\ntest,1,1,0.6,0.5,NaN\n"));
    }

    private static byte[] Safetensors(List<SafetensorsTensor> tensors, Dictionary<string, string>? metadata)
    {
        using var stream = new MemoryStream();
        SafetensorsFile.Write(stream, tensors, metadata);
        return stream.ToArray();
    }

    private static byte[] Idx(int magic, int[] dims)
    {
        int count = dims.Aggregate(1, (a, d) => a * d);
        var bytes = new byte[4 + 4 * dims.Length + count];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++) System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        for (int i = 0; i < count; i++) bytes[4 + 4 * dims.Length + i] = (byte)(i * 37 % 10);
        return bytes;
    }
}

/// <summary>A parser let through an exception that is not its format error, or allocated over the limit.</summary>
public sealed class FuzzFindingException(string message, Exception? inner = null) : Exception(message, inner);
