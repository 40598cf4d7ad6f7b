// The GPU kernel lab: each kernel family timed with CUDA events on the shapes of GpuShapes, printed as
// milliseconds plus GFLOP/s or GB/s and the fraction of the device's roofline. Run by tools/GpuRunner
// (`GpuRunner bench`); compare with `python3 bench/gpu_torch_reference.py` on the same machine.
namespace Engine.Bench.Gpu;

using Engine.Kernels;
using Engine.Kernels.Cuda;

public sealed class GpuBenchmarks(CudaBackend backend, TextWriter output, bool quick)
{
    private readonly GpuTimer _timer = new(backend, warmup: 3, runs: quick ? 5 : 25);
    private double _bandwidth, _gflops;

    public void RunAll()
    {
        var info = backend.Context.Info;
        _bandwidth = _timer.MeasuredBandwidthGBs();
        _gflops = GpuTimer.TheoreticalGflops(info);
        output.WriteLine($"# {info}; PTX tier {backend.Kernels.Tier}");
        output.WriteLine($"# roofline: copy bandwidth {_bandwidth:F0} GB/s measured ({info.PeakBandwidthGBs:F0} GB/s theoretical), FP32 {_gflops:F0} GFLOP/s theoretical");
        output.WriteLine($"{"family",-14} {"shape",-44} {"ms",10} {"rate",12}  unit     roof");
        Gemm();
        foreach (int n in quick ? [64] : GpuShapes.Batches)
        {
            Convolutions(n);
            BatchNorms(n);
        }
        Elementwise();
    }

    private void Gemm()
    {
        foreach (int size in quick ? [1024] : GpuShapes.GemmSizes)
        {
            using var a = Random(size * size);
            using var b = Random(size * size);
            using var c = backend.Allocate(size * size);
            double flops = 2.0 * size * size * size;
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true) })
            {
                double ms = _timer.MedianMs(() => backend.Gemm(a, b, size, size, size, ta, tb, 1, 0, c));
                Flops("sgemm", $"{size}^3 {(ta ? "T" : "N")}{(tb ? "T" : "N")}", ms, flops);
            }
        }
    }

    private void Convolutions(int n)
    {
        foreach (var shape in GpuShapes.Convs(n))
        {
            var g = shape.Geometry;
            using var x = Random(g.InputLength);
            using var w = Random(g.WeightLength);
            using var y = Random(g.OutputLength);
            double flops = 2.0 * g.MultiplyAdds;
            string name = $"{shape.Name} N={n}";
            // a transposed conv runs forward as backward-data and backward-data as forward
            double forward = _timer.MedianMs(() => backend.Conv2dForward(x, w, g, y));
            double data = _timer.MedianMs(() => backend.Conv2dBackwardData(y, w, g, x));
            double weight = _timer.MedianMs(() => backend.Conv2dBackwardWeight(x, y, g, w));
            Flops(shape.Transposed ? "convT bwd-dat" : "conv fwd", name, forward, flops);
            Flops(shape.Transposed ? "convT fwd" : "conv bwd-data", name, data, flops);
            Flops("conv bwd-wgt", name, weight, flops);
        }
    }

    private void BatchNorms(int n)
    {
        foreach (var (name, batch, c, s) in GpuShapes.BatchNorms(n))
        {
            int total = batch * c * s;
            using var x = Random(total);
            using var y = backend.Allocate(total);
            using var dx = backend.Allocate(total);
            using var gamma = Random(c);
            using var beta = Random(c);
            using var mean = backend.Allocate(c);
            using var invStd = backend.Allocate(c);
            using var runMean = Random(c);
            using var runVar = Random(c);
            double forward = _timer.MedianMs(() =>
                backend.BatchNormForwardTrain(x, gamma, beta, batch, c, s, 1e-5f, 0.1f, y, mean, invStd, runMean, runVar));
            double backward = _timer.MedianMs(() =>
                backend.BatchNormBackward(x, gamma, mean, invStd, y, batch, c, s, dx, gamma, beta));
            Bytes("bn fwd-train", $"{name} N={n}", forward, 3.0 * total * sizeof(float));   // read twice + write (ideal: 2)
            Bytes("bn backward", $"{name} N={n}", backward, 4.0 * total * sizeof(float));
        }
    }

    private void Elementwise()
    {
        int n = quick ? 1 << 22 : 1 << 26;
        using var x = Random(n);
        using var y = backend.Allocate(n);
        using var m = Random(n);
        using var v = backend.Allocate(n);
        backend.Fill(0.5f, n, v);
        using var loss = backend.Allocate(1);
        string shape = $"{n / (1024 * 1024)}M floats";
        Bytes("relu", shape, _timer.MedianMs(() => backend.Unary(UnaryOp.Relu, x, n, 0, 0, y)), 2.0 * n * 4);
        Bytes("sigmoid", shape, _timer.MedianMs(() => backend.Unary(UnaryOp.Sigmoid, x, n, 0, 0, y)), 2.0 * n * 4);
        Bytes("add bcast", shape, _timer.MedianMs(() => backend.Binary(BinaryOp.Add, x, m, n, 1024, 1, y)), 2.0 * n * 4);
        Bytes("sum rows", shape, _timer.MedianMs(() => backend.Sum(x, n / 1024, 1024, 1, y)), 1.0 * n * 4);
        Bytes("sum cols", shape, _timer.MedianMs(() => backend.SumToMiddle(x, n / 1024, 1024, 1, y)), 1.0 * n * 4);
        Bytes("softmax", $"{n / 1024}x1024", _timer.MedianMs(() => backend.Softmax(x, n / 1024, 1024, false, y)), 2.0 * n * 4);
        Bytes("mse fwd", shape, _timer.MedianMs(() => backend.ErrorForward(x, m, n, false, loss)), 2.0 * n * 4);
        Bytes("normal", shape, _timer.MedianMs(() => backend.RandomNormal(1, 0, n, 0, 1, y)), 1.0 * n * 4);
        Bytes("adam", shape, _timer.MedianMs(() => backend.AdamStep(x, n, 1e-3f, 0.9f, 0.999f, 1e-8f, 0, 10, y, m, v)), 7.0 * n * 4);
    }

    private DeviceBuffer Random(int n)
    {
        var buffer = backend.Allocate(n);
        backend.RandomUniform(7, 0, n, -1, 1, buffer);
        return buffer;
    }

    private void Flops(string family, string shape, double ms, double flops)
    {
        double rate = flops / (ms * 1e-3) / 1e9;
        output.WriteLine($"{family,-14} {shape,-44} {ms,10:F4} {rate,12:F1}  GFLOP/s {rate / _gflops,5:P0}");
    }

    private void Bytes(string family, string shape, double ms, double bytes)
    {
        double rate = bytes / (ms * 1e-3) / 1e9;
        output.WriteLine($"{family,-14} {shape,-44} {ms,10:F4} {rate,12:F1}  GB/s    {rate / _bandwidth,5:P0}");
    }
}
