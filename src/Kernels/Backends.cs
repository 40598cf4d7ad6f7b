// Where tensors find their backend: one shared instance per kind, created on first use.
namespace Engine.Kernels;

using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Reference;

public static class Backends
{
    private static readonly Lazy<CpuBackend> s_cpu = new(() => new CpuBackend());
    private static readonly Lazy<ReferenceBackend<float>> s_reference = new(() => new ReferenceBackend<float>());
    private static readonly Lazy<ReferenceBackend<double>> s_reference64 = new(() => new ReferenceBackend<double>());

    /// <summary>The CPU training backend (fast kernels, float32).</summary>
    public static IBackend Cpu => s_cpu.Value;

    /// <summary>The plain-loop float32 oracle.</summary>
    public static IBackend Reference => s_reference.Value;

    /// <summary>The plain-loop float64 oracle, used by gradchecks.</summary>
    public static IBackend Reference64 => s_reference64.Value;
}
