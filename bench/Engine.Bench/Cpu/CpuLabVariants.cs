// The CPU lab's families, shapes and variants (CpuLab runs them). To measure a kernel of your own, add one LabVariant
// to its family's list below: a name, the shapes it applies to, and a run that reads data.Input(i) and writes
// data.Output; the lab checks it against the reference loops, then times it beside the engine's variants.
namespace Engine.Bench.Cpu;

using Engine.Kernels;
using Engine.Kernels.Cpu.Conv;
using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

public static unsafe class CpuLabVariants
{
    /// <summary>Every width this machine runs (the widest first), then the scalar oracle's width.</summary>
    private static readonly SimdLevel[] Widths =
        new[] { SimdLevel.Vector512, SimdLevel.Vector256, SimdLevel.Vector128 }.Where(SimdWidths.IsAccelerated).Append(SimdLevel.Scalar).ToArray();

    public static IReadOnlyList<LabFamily> Families =>
    [
        new("gemm", GemmShapes(), GemmVariants()),
        new("conv", ConvShapes(), ConvVariants()),
        new("batchnorm", NormShapes(), NormVariants()),
    ];

    private static string Bits(SimdLevel level) => level switch
    {
        SimdLevel.Vector512 => "512-bit",
        SimdLevel.Vector256 => "256-bit",
        SimdLevel.Vector128 => "128-bit",
        _ => "scalar",
    };

    // GEMM: C (M, N) = op(A) B on the square sizes and the course layers' im2col GEMMs (CourseShapes.Gemms).
    private static List<LabShape> GemmShapes() => CourseShapes.Gemms.Select(name =>
    {
        var (m, n, k, ta) = CourseShapes.ParseGemm(name);
        return new LabShape(name, (m, n, k, ta), [m * k, k * n], m * n, 2.0 * m * n * k, "GFLOP/s",
            (b, x, y) => b.Gemm(x[0], x[1], m, n, k, ta, false, 1f, 0f, y));
    }).ToList();

    private static List<LabVariant> GemmVariants() => Widths.Select(level => new LabVariant($"blocked {Bits(level)}", _ => true, d =>
    {
        var (m, n, k, ta) = ((int, int, int, bool))d.Shape.Detail;
        Sgemm.Run(d.Input(0), d.Input(1), m, n, k, ta, false, 1f, 0f, d.Output, d.Threads, d.Scratch, level);
    }) { Chosen = _ => level == SimdWidths.Widest }).ToList();

    // Convolutions: each course layer (batch 64) in each of its three passes.
    private static List<LabShape> ConvShapes()
    {
        var shapes = new List<LabShape>();
        foreach (var (layer, (g, transposed)) in CourseShapes.Layers)
        foreach (var pass in new[] { ConvPass.Forward, ConvPass.BackwardData, ConvPass.BackwardWeight })
        {
            string name = $"{layer}{(transposed ? " (T)" : "")} {pass} C{g.C} K{g.K} {g.H}x{g.W} k{g.R}";
            double flops = 2.0 * g.MultiplyAdds;
            shapes.Add(pass switch
            {
                ConvPass.Forward => new LabShape(name, (g, pass), [g.InputLength, g.WeightLength], g.OutputLength, flops, "GFLOP/s",
                    (b, x, y) => b.Conv2dForward(x[0], x[1], g, y)),
                ConvPass.BackwardData => new LabShape(name, (g, pass), [g.OutputLength, g.WeightLength], g.InputLength, flops, "GFLOP/s",
                    (b, x, y) => b.Conv2dBackwardData(x[0], x[1], g, y)),
                _ => new LabShape(name, (g, pass), [g.InputLength, g.OutputLength], g.WeightLength, flops, "GFLOP/s",
                    (b, x, y) => b.Conv2dBackwardWeight(x[0], x[1], g, y)),
            });
        }
        return shapes;
    }

    private static List<LabVariant> ConvVariants()
    {
        var variants = new List<LabVariant>();
        foreach (var algorithm in new[] { ConvAlgorithm.Direct, ConvAlgorithm.PhaseSplit, ConvAlgorithm.Im2ColGemm })
        foreach (var level in Widths)
        {
            variants.Add(new LabVariant($"{algorithm} {Bits(level)}", s => Can(s, algorithm, level), d =>
            {
                var (g, pass) = ((ConvGeometry, ConvPass))d.Shape.Detail;
                switch (pass)
                {
                    case ConvPass.Forward:
                        ConvGemm.Forward(d.Input(0), d.Input(1), g, d.Output, d.Threads, d.Scratch, level, PhaseSplit.Auto, algorithm);
                        break;
                    case ConvPass.BackwardData:
                        ConvGemm.BackwardData(d.Input(0), d.Input(1), g, d.Output, d.Threads, d.Scratch, level, PhaseSplit.Auto, algorithm);
                        break;
                    default:
                        ConvGemm.BackwardWeight(d.Input(0), d.Input(1), g, d.Output, d.Threads, d.Scratch, level, PhaseSplit.Auto, algorithm);
                        break;
                }
            })
            {
                Chosen = s => level == SimdWidths.Widest && Normalized(Chosen(s)) == algorithm,
            });
        }
        return variants;
    }

    private static bool Can(LabShape s, ConvAlgorithm algorithm, SimdLevel level)
    {
        var (g, pass) = ((ConvGeometry, ConvPass))s.Detail;
        return ConvGemm.CanRun(algorithm, g, pass, level);
    }

    private static ConvAlgorithm Chosen(LabShape s)
    {
        var (g, pass) = ((ConvGeometry, ConvPass))s.Detail;
        return ConvGemm.Choose(g, pass, SimdLevel.Auto);
    }

    private static ConvAlgorithm Normalized(ConvAlgorithm a) => a == ConvAlgorithm.PointwiseGemm ? ConvAlgorithm.Im2ColGemm : a;

    // Batch norm + LeakyReLU (training forward), the course's block, on its (N, C, S) shapes: memory-bound, so GB/s
    // (the input read twice, the output written once).
    private static List<LabShape> NormShapes() => CourseShapes.Norms.Select(name =>
    {
        var (n, c, s) = CourseShapes.ParseNorm(name);
        int count = n * c * s;
        return new LabShape(name, (n, c, s), [count, c, c], count, 3.0 * 4 * count, "GB/s", (b, x, y) =>
        {
            using var mean = b.Allocate(c);
            using var invStd = b.Allocate(c);
            using var runningMean = b.Allocate(c);
            using var runningVar = b.Allocate(c);
            b.BatchNormLeakyReluForwardTrain(x[0], x[1], x[2], n, c, s, 1e-5f, 0.1f, 0.01f, y, mean, invStd, runningMean, runningVar);
        });
    }).ToList();

    private static List<LabVariant> NormVariants() => Widths.Where(l => l != SimdLevel.Scalar).Select(level =>
        new LabVariant($"fused {Bits(level)}", _ => true, d =>
        {
            var (n, c, s) = ((int, int, int))d.Shape.Detail;
            var stats = new float[4][];
            for (int i = 0; i < 4; i++) stats[i] = new float[c];
            FastBatchNorm.ForwardTrain(d.InputArray(0), d.InputArray(1), d.InputArray(2), n, c, s, 1e-5f, 0.1f, d.OutputArray,
                stats[0], stats[1], stats[2], stats[3], d.Threads, level, 0.01f);
        }) { Chosen = _ => level == SimdWidths.Widest }).ToList();
}
