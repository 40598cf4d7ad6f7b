// Times work on the CUDA backend's stream with events: warm-up, then the median of many runs; and the
// device's roofline (measured copy bandwidth, theoretical FP32 FLOP/s) to print next to each result.
namespace Engine.Bench.Gpu;

using Engine.Kernels.Cuda;
using Engine.Kernels.Cuda.Driver;

public sealed class GpuTimer(CudaBackend backend, int warmup = 3, int runs = 20)
{
    /// <summary>Median milliseconds of <paramref name="work"/>, each run timed by its own pair of events.</summary>
    public double MedianMs(Action work)
    {
        for (int i = 0; i < warmup; i++)
        {
            work();
        }
        backend.Synchronize();
        using var start = new CudaEvent(backend.Context);
        using var end = new CudaEvent(backend.Context);
        var times = new double[runs];
        for (int i = 0; i < runs; i++)
        {
            start.Record(backend.Stream);
            work();
            end.Record(backend.Stream);
            times[i] = CudaEvent.ElapsedMilliseconds(start, end);
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>Device-to-device bandwidth of our copy kernel on 256 MiB (read + write), in GB/s.</summary>
    public double MeasuredBandwidthGBs()
    {
        const int n = 64 * 1024 * 1024;
        using var a = backend.Allocate(n);
        using var b = backend.Allocate(n);
        backend.Fill(1, n, a);
        double ms = MedianMs(() => backend.CopyBlocks(a, 1, n, n, 0, n, 0, b));
        return 2.0 * n * sizeof(float) / (ms * 1e-3) / 1e9;
    }

    /// <summary>FP32 peak from SMs x FP32 lanes per SM x 2 (fma) x clock, in GFLOP/s.</summary>
    public static double TheoreticalGflops(CudaDeviceInfo info)
    {
        int lanes = (info.ComputeMajor, info.ComputeMinor) switch
        {
            (7, _) => 64,
            (8, 0) => 64,
            _ => 128,   // sm_86, sm_89, sm_90 and newer
        };
        return (double)info.MultiprocessorCount * lanes * 2 * info.ClockKHz * 1e3 / 1e9;
    }
}
