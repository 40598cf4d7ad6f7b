// SGEMM throughput of the fast CPU backend: square sizes and the course layers' im2col GEMM shapes (CourseShapes).
// Run: dotnet run -c Release --project bench/Engine.Bench -- --filter '*SgemmBench*'
namespace Engine.Bench.Cpu;

using BenchmarkDotNet.Attributes;
using Engine.Kernels;
using Engine.Kernels.Cpu;

[Config(typeof(CpuBenchConfig))]
public class SgemmBench : IFlopCounted
{
    private CpuBackend _backend = null!;
    private DeviceBuffer _a = null!, _b = null!, _c = null!;
    private (int M, int N, int K, bool TransposeA) _shape;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "256x256x256";

    [Params(2)]
    public int Threads { get; set; }

    public static IEnumerable<string> Shapes => CourseShapes.Gemms;

    [GlobalSetup]
    public void Setup()
    {
        _backend = new CpuBackend(Threads);
        _shape = CourseShapes.ParseGemm(Shape);
        _a = BenchData.Random(_backend, _shape.M * _shape.K, 1);
        _b = BenchData.Random(_backend, _shape.K * _shape.N, 2);
        _c = BenchData.Random(_backend, _shape.M * _shape.N, 3);
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    [Benchmark]
    public void Gemm() => _backend.Gemm(_a, _b, _shape.M, _shape.N, _shape.K, _shape.TransposeA, false, 1f, 0f, _c);

    public double Flops(string method, IReadOnlyDictionary<string, object> parameters)
    {
        var (m, n, k, _) = CourseShapes.ParseGemm((string)parameters[nameof(Shape)]);
        return 2.0 * m * n * k;
    }
}

internal static class BenchData
{
    public static DeviceBuffer Random(IBackend backend, int length, int seed)
    {
        var buffer = backend.Allocate(length);
        backend.RandomUniform((ulong)seed, 0, length, -1f, 1f, buffer);
        return buffer;
    }
}
