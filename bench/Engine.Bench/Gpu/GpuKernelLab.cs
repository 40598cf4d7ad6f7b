// The GPU kernel lab: each kernel family and its variants timed side by side on any ILGPU accelerator (the CPU
// accelerator here, a CUDA GPU in the bundle), with profiling markers (CUDA events on a GPU), printed as the median
// milliseconds and GFLOP/s or GB/s. Run: `dotnet run -c Release --project bench/Engine.Bench -- gpu-lab [ilgpu-cpu|cuda]`
// or `engine-gpu bench` from tools/gpu-bundle.sh. Shapes: GpuShapes (the course autoencoder's layers).
namespace Engine.Bench.Gpu;

using Engine.Kernels;
using Engine.Kernels.Ilgpu;

public sealed class GpuKernelLab(IlgpuBackend backend, TextWriter output, bool quick)
{
    private readonly int _runs = quick ? 3 : 20;

    public void RunAll()
    {
        output.WriteLine($"# {backend.Name}: {backend.AcceleratorName}; GEMM tile {4 * backend.GemmTile.Threads}x{4 * backend.GemmTile.Threads}, K step {backend.GemmTile.TileK}");
        output.WriteLine($"{"family",-12} {"variant",-16} {"shape",-40} {"ms",10} {"rate",10}  unit");
        Gemm();
        foreach (int n in quick ? [4] : GpuShapes.Batches)
        {
            Convolutions(n);
            BatchNorms(n);
        }
        Elementwise();
    }

    private void Gemm()
    {
        var naive = GemmVariants.LoadNaive(backend);
        foreach (int size in quick ? [96] : GpuShapes.GemmSizes)
        {
            using var a = Random(size * size);
            using var b = Random(size * size);
            using var c = backend.Allocate(size * size);
            double flops = 2.0 * size * size * size;
            Report("gemm", "tiled (engine)", $"{size}^3 NN", flops, "GFLOP/s", () => backend.Gemm(a, b, size, size, size, false, false, 1, 0, c));
            Report("gemm", "tiled (engine)", $"{size}^3 TN", flops, "GFLOP/s", () => backend.Gemm(a, b, size, size, size, true, false, 1, 0, c));
            Report("gemm", "naive (bench)", $"{size}^3 NN", flops, "GFLOP/s",
                () => naive((IlgpuBuffer)a, (IlgpuBuffer)b, size, size, size, (IlgpuBuffer)c));
        }
    }

    private void Convolutions(int n)
    {
        foreach (var shape in GpuShapes.Convs(n).Take(quick ? 3 : int.MaxValue))
        {
            var g = shape.Geometry;
            using var x = Random(g.InputLength);
            using var w = Random(g.WeightLength);
            using var y = Random(g.OutputLength);
            double flops = 2.0 * g.MultiplyAdds;
            string name = $"{shape.Name} n={n}";
            Report("conv", "forward", name, flops, "GFLOP/s", () => backend.Conv2dForward(x, w, g, y));
            Report("conv", "backward-data", name, flops, "GFLOP/s", () => backend.Conv2dBackwardData(y, w, g, x));
            Report("conv", "backward-weight", name, flops, "GFLOP/s", () => backend.Conv2dBackwardWeight(x, y, g, w));
        }
    }

    private void BatchNorms(int n)
    {
        foreach (var (name, bn, c, s) in GpuShapes.BatchNorms(n).Take(quick ? 2 : int.MaxValue))
        {
            int total = bn * c * s;
            using var x = Random(total);
            using var y = Random(total);
            using var gamma = Random(c);
            using var beta = Random(c);
            using var mean = Random(c);
            using var invStd = Random(c);
            using var runningMean = Random(c);
            using var runningVar = Random(c);
            double bytes = 3.0 * total * sizeof(float);                       // read x twice, write y
            Report("batchnorm", "forward-train", $"{name} n={n}", bytes, "GB/s", () => backend.BatchNormForwardTrain(
                x, gamma, beta, bn, c, s, 1e-5f, 0.1f, y, mean, invStd, runningMean, runningVar));
        }
    }

    private void Elementwise()
    {
        int count = quick ? 1 << 16 : 1 << 24;
        using var a = Random(count);
        using var b = Random(count);
        using var c = backend.Allocate(count);
        Report("elementwise", "add-scaled", $"{count}", 3.0 * count * sizeof(float), "GB/s", () => backend.AddScaled(a, b, count, 0.5f, c));
        Report("elementwise", "sigmoid", $"{count}", 2.0 * count * sizeof(float), "GB/s", () => backend.Unary(UnaryOp.Sigmoid, a, count, 0, 0, c));
    }

    private void Report(string family, string variant, string shape, double work, string unit, Action run)
    {
        double ms = backend.Time(run, warmup: 1, runs: _runs).TotalMilliseconds;
        double rate = work / (ms * 1e-3) / 1e9;
        output.WriteLine($"{family,-12} {variant,-16} {shape,-40} {ms,10:F3} {rate,10:F2}  {unit}");
    }

    private DeviceBuffer Random(int count)
    {
        var buffer = backend.Allocate(count);
        backend.RandomUniform(7, 0, count, -1, 1, buffer);
        return buffer;
    }
}
