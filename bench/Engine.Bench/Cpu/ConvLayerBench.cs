// Every convolution and transposed-convolution layer of the course autoencoder at batch 64 (CourseShapes):
// forward, and forward + backward (input and weight gradients). A transposed convolution's forward is
// Conv2dBackwardData, its input gradient Conv2dForward.
// Run: dotnet run -c Release --project bench/Engine.Bench -- --filter '*ConvLayerBench*'
namespace Engine.Bench.Cpu;

using BenchmarkDotNet.Attributes;
using Engine.Kernels;
using Engine.Kernels.Cpu;

[Config(typeof(CpuBenchConfig))]
public class ConvLayerBench : IFlopCounted
{
    private CpuBackend _backend = null!;
    private DeviceBuffer _input = null!, _weight = null!, _output = null!, _dInput = null!, _dWeight = null!, _dOutput = null!;
    private ConvGeometry _g;
    private bool _transposed;

    [ParamsSource(nameof(LayerNames))]
    public string Layer { get; set; } = "enc1";

    [Params(2)]
    public int Threads { get; set; }

    public static IEnumerable<string> LayerNames => CourseShapes.Layers.Keys;

    [GlobalSetup]
    public void Setup()
    {
        _backend = new CpuBackend(Threads);
        (_g, _transposed) = CourseShapes.Layers[Layer];
        _input = BenchData.Random(_backend, _g.InputLength, 1);
        _weight = BenchData.Random(_backend, _g.WeightLength, 2);
        _output = BenchData.Random(_backend, _g.OutputLength, 3);
        _dInput = BenchData.Random(_backend, _g.InputLength, 4);
        _dWeight = BenchData.Random(_backend, _g.WeightLength, 5);
        _dOutput = BenchData.Random(_backend, _g.OutputLength, 6);
    }

    [GlobalCleanup]
    public void Cleanup() => _backend.Dispose();

    [Benchmark]
    public void Forward()
    {
        if (_transposed)
        {
            _backend.Conv2dBackwardData(_dOutput, _weight, _g, _dInput);   // ConvT: (N, K, P, Q) -> (N, C, H, W)
        }
        else
        {
            _backend.Conv2dForward(_input, _weight, _g, _output);
        }
    }

    [Benchmark]
    public void ForwardBackward()
    {
        Forward();
        if (_transposed)
        {
            _backend.Conv2dForward(_input, _weight, _g, _output);            // ConvT input gradient
            _backend.Conv2dBackwardWeight(_input, _dOutput, _g, _dWeight);
        }
        else
        {
            _backend.Conv2dBackwardData(_dOutput, _weight, _g, _dInput);
            _backend.Conv2dBackwardWeight(_input, _dOutput, _g, _dWeight);
        }
    }

    public double Flops(string method, IReadOnlyDictionary<string, object> parameters)
    {
        var (g, _) = CourseShapes.Layers[(string)parameters[nameof(Layer)]];
        return 2.0 * g.MultiplyAdds * (method == nameof(ForwardBackward) ? 3 : 1);
    }
}
