// A/B timing of the stride-2 passes, phase split vs im2col/col2im GEMM, interleaved in one process so both
// see the same machine load. Run: Engine.Bench phase-ab [reps]. Prints the median ms per call of each path per shape, or the fastest call with
// "min" (what survives other processes' load best). Run: Engine.Bench phase-ab [reps] [threads] [min].
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Conv;

public static class PhaseAb
{
    private static bool _fastest;

    public static void Run(int reps, int threads, bool fastest = false)
    {
        _fastest = fastest;
        var backend = new CpuBackend(threads: threads);
        int[][] shapes = [[32, 32, 32], [32, 32, 28], [32, 64, 16], [32, 64, 14], [64, 128, 8], [64, 128, 7], [128, 256, 4], [256, 512, 2], [1, 32, 28]];
        foreach (var s in shapes)
        {
            var g = new ConvGeometry(64, s[0], s[2], s[2], s[1], 3, 3, 2, 2, 1, 1);
            using var x = Fill(backend, g.InputLength);
            using var w = Fill(backend, g.WeightLength);
            using var dy = Fill(backend, g.OutputLength);
            using var dx = backend.Allocate(g.InputLength);
            using var y = backend.Allocate(g.OutputLength);
            using var dw = backend.Allocate(g.WeightLength);
            var forward = Time(backend, reps, () => backend.Conv2dForward(x, w, g, y));
            var data = Time(backend, reps, () => backend.Conv2dBackwardData(dy, w, g, dx));
            var weight = Time(backend, reps, () => backend.Conv2dBackwardWeight(x, dy, g, dw));
            Console.WriteLine($"C{g.C} K{g.K} H{g.H}: forward old {forward.Old:F2} new {forward.New:F2} | data old {data.Old:F2} new {data.New:F2} | weight old {weight.Old:F2} new {weight.New:F2} ms");
        }
    }

    private static (double Old, double New) Time(CpuBackend backend, int reps, Action body)
    {
        var times = new List<double>[] { [], [] };
        for (int i = 0; i < reps + 3; i++)
        {
            for (int mode = 0; mode < 2; mode++)
            {
                backend.PhaseSplit = mode == 1 ? PhaseSplit.Always : PhaseSplit.Never;
                var watch = Stopwatch.StartNew();
                body();
                if (i >= 3) times[mode].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        backend.PhaseSplit = PhaseSplit.Auto;
        return _fastest ? (times[0].Min(), times[1].Min()) : (Median(times[0]), Median(times[1]));
    }

    private static double Median(List<double> v)
    {
        v.Sort();
        return v[v.Count / 2];
    }

    private static DeviceBuffer Fill(IBackend b, int n)
    {
        var buffer = b.Allocate(n);
        var rng = new Random(1);
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = (float)rng.NextDouble() - 0.5f;
        buffer.CopyFrom(data);
        return buffer;
    }
}
