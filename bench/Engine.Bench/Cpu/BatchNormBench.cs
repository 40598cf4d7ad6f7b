// Batch-norm (training mode) over every (N, C, S) of the course autoencoder at batch 64: forward, and
// forward + backward. Run: dotnet run -c Release --project bench/Engine.Bench -- --filter '*BatchNormBench*'
namespace Engine.Bench.Cpu;

using BenchmarkDotNet.Attributes;
using Engine.Kernels;
using Engine.Kernels.Cpu;

[Config(typeof(CpuBenchConfig))]
public class BatchNormBench
{
    private CpuBackend _backend = null!;
    private DeviceBuffer _x = null!, _y = null!, _dy = null!, _dx = null!;
    private DeviceBuffer _gamma = null!, _beta = null!, _mean = null!, _invStd = null!, _rm = null!, _rv = null!, _dg = null!, _db = null!;
    private (int N, int C, int S) _shape;

    [ParamsSource(nameof(Shapes))]
    public string Shape { get; set; } = "64x32x196";

    [Params(2)]
    public int Threads { get; set; }

    public static IEnumerable<string> Shapes => CourseShapes.Norms;

    [GlobalSetup]
    public void Setup()
    {
        _backend = new CpuBackend(Threads);
        _shape = CourseShapes.ParseNorm(Shape);
        int count = _shape.N * _shape.C * _shape.S, c = _shape.C;
        (_x, _y, _dy, _dx) = (BenchData.Random(_backend, count, 1), _backend.Allocate(count), BenchData.Random(_backend, count, 2),
            _backend.Allocate(count));
        (_gamma, _beta, _mean, _invStd) = (BenchData.Random(_backend, c, 3), BenchData.Random(_backend, c, 4), _backend.Allocate(c),
            _backend.Allocate(c));
        (_rm, _rv, _dg, _db) = (BenchData.Random(_backend, c, 5), BenchData.Random(_backend, c, 6), _backend.Allocate(c),
            _backend.Allocate(c));
        _backend.Fill(1f, c, _rv);
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    [Benchmark]
    public void Forward() =>
        _backend.BatchNormForwardTrain(_x, _gamma, _beta, _shape.N, _shape.C, _shape.S, 1e-5f, 0.1f, _y, _mean, _invStd, _rm, _rv);

    [Benchmark]
    public void ForwardBackward()
    {
        Forward();
        _backend.BatchNormBackward(_x, _gamma, _mean, _invStd, _dy, _shape.N, _shape.C, _shape.S, _dx, _dg, _db);
    }
}
