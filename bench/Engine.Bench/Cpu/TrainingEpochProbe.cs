// Wall time of a number of training steps and the process's peak working set, printed as one line: the
// side-by-side counterpart of `cpu_torch_reference.py --train`. Run one configuration per process (the peak
// working set is the process's):
//   Engine.Bench probe ae24|vae2 [batch 64] [threads 2] [steps 938]
// or through BenchmarkDotNet: --filter '*TrainingEpochProbe*' (batch 64, 2 threads; steps: ENGINE_BENCH_STEPS,
// default 938, one Fashion-MNIST epoch at batch 64).
namespace Engine.Bench.Cpu;

using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;

[Config(typeof(ProbeConfig))]
public class TrainingEpochProbe
{
    private const int WarmUpSteps = 20;   // tiered JIT reaches its optimised code; cpu_torch_reference.py warms up as many

    [Params("ae24", "vae2")]
    public string Model { get; set; } = "ae24";

    [Params(2)]
    public int Threads { get; set; }

    [Benchmark]
    public void Epoch() =>
        Run(Model, 64, Threads, int.TryParse(Environment.GetEnvironmentVariable("ENGINE_BENCH_STEPS"), out int s) ? s : 938);

    /// <summary>Prints "PROBE model batch= threads= steps= wall= step= peakRSS= loss=" after the warm-up steps.</summary>
    public static void Run(string model, int batch, int threads, int steps)
    {
        var step = new TrainingStep(model, batch, threads);
        for (int i = 0; i < WarmUpSteps; i++)
        {
            step.Step();
        }
        var times = new double[steps];
        int collections = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        float loss = 0f;
        for (int i = 0; i < steps; i++)
        {
            long start = Stopwatch.GetTimestamp();
            loss = step.Step();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        double seconds = watch.Elapsed.TotalSeconds;
        long peak = Process.GetCurrentProcess().PeakWorkingSet64;
        Array.Sort(times);
        Console.WriteLine($"PROBE {model} batch={batch} threads={threads} steps={steps} wall={seconds:F2}s " +
            $"step={seconds / steps * 1e3:F2}ms peakRSS={peak / (1024.0 * 1024.0):F0}MiB loss={loss:F4} " +
            $"fastest={times[0]:F2}ms median={times[steps / 2]:F2}ms slowest={times[^1]:F2}ms gen0-collections={GC.CollectionCount(0) - collections}");
    }

    private sealed class ProbeConfig : ManualConfig
    {
        public ProbeConfig() => AddJob(Job.Default
            .WithToolchain(InProcessNoEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(0).WithIterationCount(1).WithInvocationCount(1)
            .WithUnrollFactor(1));
    }
}
