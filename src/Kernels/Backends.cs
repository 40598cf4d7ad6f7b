// Where tensors find their backend: one shared instance per kind, created on first use.
namespace Engine.Kernels;

using Engine.Kernels.Cpu;
using System.Collections.Concurrent;
using Engine.Kernels.Cpu.Reference;
using Engine.Kernels.Cuda;

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

    private static readonly ConcurrentDictionary<int, Lazy<CudaBackend>> s_cuda = new();

    /// <summary>
    /// The backend of CUDA GPU <paramref name="ordinal"/>, opened on first use. Throws
    /// <see cref="Cuda.Driver.CudaUnavailableException"/> whose message is one sentence for the user when there is no
    /// driver or GPU; check first with <see cref="CudaDevices.IsAvailable"/>.
    /// </summary>
    public static IBackend Cuda(int ordinal = 0)
    {
        CudaDevices.EnsureAvailable(ordinal);
        return s_cuda.GetOrAdd(ordinal, o => new Lazy<CudaBackend>(() => new CudaBackend(o))).Value;
    }

    /// <summary>The backend for <paramref name="device"/>: <see cref="Cpu"/> or <see cref="Cuda"/>.</summary>
    public static IBackend For(Device device) => device.Kind == DeviceKind.Cpu ? Cpu : Cuda(device.Ordinal);
}
