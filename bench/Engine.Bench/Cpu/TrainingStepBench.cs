// Training-step benchmarks of the course models at batch 64 (see TrainingStep): BenchmarkDotNet time per step.
// Run: dotnet run -c Release --project bench/Engine.Bench -- --filter '*TrainingStepBench*'
// For epoch wall time and peak memory use TrainingEpochProbe (see bench/RESULTS.md for the command).
namespace Engine.Bench.Cpu;

using BenchmarkDotNet.Attributes;

[Config(typeof(CpuBenchConfig))]
public class TrainingStepBench
{
    private TrainingStep _step = null!;

    [Params("ae24", "vae2")]
    public string Model { get; set; } = "ae24";

    [Params(2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _step = new TrainingStep(Model, batchSize: 64, Threads);

    [Benchmark]
    public float Step() => _step.Step();
}
