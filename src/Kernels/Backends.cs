// Where tensors find their backend: one shared instance per kind, created on first use, and the one parser of
// device names (--device auto|cpu|cuda|cuda:N|ilgpu-cpu) that the CLI and the tools use.
namespace Engine.Kernels;

using System.Collections.Concurrent;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Reference;
using Engine.Kernels.Ilgpu;
using Engine.Kernels.Ilgpu.Kernels;

public static class Backends
{
    private static readonly Lazy<CpuBackend> s_cpu = new(() => new CpuBackend());
    private static readonly Lazy<ReferenceBackend<float>> s_reference = new(() => new ReferenceBackend<float>());
    private static readonly Lazy<ReferenceBackend<double>> s_reference64 = new(() => new ReferenceBackend<double>());
    private static readonly Lazy<IlgpuBackend> s_ilgpuCpu = new(() => IlgpuBackend.CreateCpu<TileCpu>());
    private static readonly ConcurrentDictionary<int, Lazy<IlgpuBackend>> s_cuda = new();

    /// <summary>The device names <see cref="Resolve"/> accepts, for help texts.</summary>
    public const string DeviceNames = "auto, cpu, cuda, cuda:N or ilgpu-cpu";

    /// <summary>The CPU training backend (fast kernels, float32).</summary>
    public static IBackend Cpu => s_cpu.Value;

    /// <summary>The plain-loop float32 oracle.</summary>
    public static IBackend Reference => s_reference.Value;

    /// <summary>The plain-loop float64 oracle, used by gradchecks.</summary>
    public static IBackend Reference64 => s_reference64.Value;

    /// <summary>The GPU kernels on ILGPU's CPU accelerator (slow; for debugging and for readers without a GPU).</summary>
    public static IBackend IlgpuCpu => s_ilgpuCpu.Value;

    /// <summary>
    /// The ILGPU backend of CUDA GPU <paramref name="ordinal"/>, opened on first use. Throws
    /// <see cref="DeviceUnavailableException"/> whose message is one sentence for the user when there is no driver or
    /// GPU; check first with <see cref="IlgpuDevices.IsCudaAvailable"/>.
    /// </summary>
    public static IBackend Cuda(int ordinal = 0)
    {
        IlgpuDevices.EnsureCuda(ordinal);
        return s_cuda.GetOrAdd(ordinal, o => new Lazy<IlgpuBackend>(() => IlgpuBackend.CreateCuda(o))).Value;
    }

    /// <summary>The backend for <paramref name="device"/>.</summary>
    public static IBackend For(Device device) => device.Kind switch
    {
        DeviceKind.Cpu => Cpu,
        DeviceKind.IlgpuCpu => IlgpuCpu,
        _ => Cuda(device.Ordinal),
    };

    /// <summary>
    /// cpu, cuda (GPU 0), cuda:N, ilgpu-cpu, or auto (GPU 0 when one is usable, else the CPU). Unknown names and
    /// unusable GPUs throw <see cref="ArgumentException"/> / <see cref="DeviceUnavailableException"/> with one sentence.
    /// </summary>
    public static IBackend Resolve(string device) => device switch
    {
        "cpu" => Cpu,
        "auto" => IlgpuDevices.IsCudaAvailable(out _) ? Cuda() : Cpu,
        "cuda" => Cuda(),
        "ilgpu-cpu" => IlgpuCpu,
        _ when device.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(device[5..], out int ordinal) => Cuda(ordinal),
        _ => throw new ArgumentException($"Unknown device '{device}'; use {DeviceNames}."),
    };
}
