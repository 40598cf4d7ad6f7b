// The CPU kernel lab: every variant of a CPU kernel family timed side by side on the course's shapes, each checked
// against the reference loops first. A variant is one entry in CpuLabVariants (the engine's own: every vector width
// this machine accelerates, every algorithm the convolution chooser can pick); add yours there and it is checked and
// timed beside them. Prints median (and fastest) milliseconds, GFLOP/s and the share of the machine's FP32 FMA peak (FmaPeak),
// and, with --torch FILE, libtorch's time for the same family and shape (bench/TorchSharpReference's output).
// Run: Engine.Bench cpu-lab [gemm|conv|batchnorm|all] [threads] [--torch FILE] [--only TEXT] (shapes whose name contains TEXT)
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using Engine.Kernels;
using Engine.Kernels.Cpu.Reference;
using Engine.Kernels.Cpu.Simd;

public static unsafe class CpuLab
{
    private const int Runs = 15;
    private const double WarmUpSeconds = 0.3;

    public static void Run(string family, int threads, string? torchFile, string? only = null)
    {
        var torch = torchFile is null ? new Dictionary<string, double>() : ReadTorch(torchFile);
        int bits = SimdWidths.Widest switch { SimdLevel.Vector512 => 512, SimdLevel.Vector256 => 256, _ => 128 };
        double peak = FmaPeak.Measure(bits, threads);
        Console.WriteLine($"# {SimdWidths.CpuName}; {SimdWidths.Summary()}; {threads} threads; FP32 FMA peak {peak:F1} GFLOP/s (measured)");
        Console.WriteLine($"{"family",-10} {"shape",-40} {"variant (* chosen)",-24} {"check",-12} {"ms",9} {"fastest",9} {"rate",9} {"unit",-8} {"peak",5} {"libtorch ms",12}");
        foreach (var lab in CpuLabVariants.Families)
        {
            if (family != "all" && lab.Family != family)
            {
                continue;
            }
            foreach (var shape in lab.Shapes.Where(s => only is null || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)))
            {
                using var data = new LabData(shape, threads);
                foreach (var variant in lab.Variants.Where(v => v.Applies(shape)))
                {
                    string check = data.Check(variant);
                    var (ms, fastest) = Time(() => variant.Run(data));
                    double rate = shape.Work / ms / 1e6;
                    string share = shape.Unit == "GFLOP/s" ? $"{rate / peak:P0}" : "";
                    string name = variant.Name + (variant.Chosen?.Invoke(shape) == true ? " *" : "");
                    string reference = torch.TryGetValue($"{lab.Family} {shape.Name}", out double t) ? $"{t:F3}" : "-";
                    Console.WriteLine($"{lab.Family,-10} {shape.Name,-40} {name,-24} {check,-12} {ms,9:F3} {fastest,9:F3} {rate,9:F1} {shape.Unit,-8} {share,5} {reference,12}");
                }
            }
        }
    }

    // The median and the fastest of the timed runs (on a busy host the fastest is the kernel's own speed).
    private static (double Median, double Fastest) Time(Action run)
    {
        // Warm up for a while, not a call or two: .NET first runs a method as quickly compiled, unoptimised code and swaps in
        // the optimised code after 30 calls and a background delay (tiered compilation); timed too early, a kernel whose
        // inner methods are still unoptimised measured up to 30x slower (the batch-norm lab before this). Also the scratch pool.
        var warm = Stopwatch.StartNew();
        do run(); while (warm.Elapsed.TotalSeconds < WarmUpSeconds);
        var times = new double[Runs];
        for (int i = 0; i < Runs; i++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return (times[Runs / 2], times[0]);
    }

    // Lines "FAMILY SHAPE MS" (e.g. "gemm 1024x1024x1024 4.21"), as TorchSharpReference's lab command prints them.
    private static Dictionary<string, double> ReadTorch(string path)
    {
        var times = new Dictionary<string, double>();
        foreach (string line in File.ReadLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 3 && double.TryParse(parts[2], System.Globalization.CultureInfo.InvariantCulture, out double ms))
            {
                times[$"{parts[0]} {parts[1]}"] = ms;
            }
        }
        return times;
    }
}

/// <summary>
/// One shape of a family: its inputs' and output's lengths, the work one call does (flops, or bytes moved for
/// memory-bound families) in <see cref="Unit"/>, the family's own description of it, and how the reference computes it.
/// </summary>
public sealed record LabShape(string Name, object Detail, int[] InputLengths, int OutputLength, double Work, string Unit,
    Action<IBackend, DeviceBuffer[], DeviceBuffer> Reference);

/// <summary>One way to compute a family's op: the shapes it applies to, and a run that reads the inputs and writes the output.</summary>
public sealed record LabVariant(string Name, Func<LabShape, bool> Applies, Action<LabData> Run)
{
    /// <summary>Whether the engine's chooser picks this variant for the shape (marked * in the table).</summary>
    public Func<LabShape, bool>? Chosen { get; init; }
}

/// <summary>A family's shapes and variants.</summary>
public sealed record LabFamily(string Family, IReadOnlyList<LabShape> Shapes, IReadOnlyList<LabVariant> Variants);

/// <summary>Seeded inputs and an output for one shape, as host arrays pinned for the kernels, plus the reference's output.</summary>
public sealed unsafe class LabData : IDisposable
{
    private readonly float[][] _inputs;
    private readonly float[] _output;
    private readonly System.Runtime.InteropServices.GCHandle[] _pins;
    private float[]? _expected;

    public LabData(LabShape shape, int threads)
    {
        Shape = shape;
        Threads = threads;
        var random = new Random(7);
        _inputs = shape.InputLengths.Select(n => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray()).ToArray();
        _output = new float[shape.OutputLength];
        _pins = _inputs.Append(_output).Select(a => System.Runtime.InteropServices.GCHandle.Alloc(a, System.Runtime.InteropServices.GCHandleType.Pinned)).ToArray();
    }

    public LabShape Shape { get; }

    public int Threads { get; }

    public Engine.Kernels.Cpu.Fast.ScratchPool Scratch { get; } = new();

    public float* Input(int i) => (float*)_pins[i].AddrOfPinnedObject();

    public float* Output => (float*)_pins[^1].AddrOfPinnedObject();

    /// <summary>The same input as an array (kernels that take arrays).</summary>
    public float[] InputArray(int i) => _inputs[i];

    public float[] OutputArray => _output;

    /// <summary>"ok", or "BAD" with the worst error, after one run of the variant against the reference loops.</summary>
    public string Check(LabVariant variant)
    {
        _expected ??= Expected();
        Array.Fill(_output, float.NaN);
        variant.Run(this);
        double scale = _expected.Max(MathF.Abs) + 1e-6, worst = 0;
        for (int i = 0; i < _output.Length; i++)
        {
            worst = Math.Max(worst, float.IsFinite(_output[i]) ? Math.Abs(_output[i] - _expected[i]) / scale : double.PositiveInfinity);
        }
        return worst <= 1e-4 ? "ok" : $"BAD {worst:E1}";
    }

    private float[] Expected()
    {
        using var reference = new ReferenceBackend<float>();
        var inputs = _inputs.Select(a => { var b = reference.Allocate(a.Length); b.CopyFrom(a); return b; }).ToArray();
        using var output = reference.Allocate(_output.Length);
        Shape.Reference(reference, inputs, output);
        var result = new float[_output.Length];
        output.CopyTo(result);
        foreach (var b in inputs) b.Dispose();
        return result;
    }

    public void Dispose()
    {
        foreach (var pin in _pins) pin.Free();
    }
}
