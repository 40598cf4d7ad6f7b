// The ILGPU accelerators this machine offers: the CPU accelerator (always; CPUDeviceKind.Nvidia: warp 32, groups of
// up to 1024 threads) and every CUDA GPU the driver reports. Without a driver ILGPU simply lists no CUDA device;
// the reason is then one readable sentence, never a stack trace.
namespace Engine.Kernels.Ilgpu;

using System.Runtime.InteropServices;
using ILGPU;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

/// <summary>One CUDA GPU as ILGPU reports it.</summary>
public sealed record CudaDeviceInfo(int Ordinal, string Name, long MemoryBytes, string Architecture, int Multiprocessors)
{
    public override string ToString() =>
        $"cuda:{Ordinal} {Name}, {Architecture}, {MemoryBytes / (1024 * 1024)} MiB, {Multiprocessors} SMs";
}

public static class IlgpuDevices
{
    private const string Hint = "(use --device cpu, or ilgpu-cpu to run the GPU kernels on the CPU)";
    private static readonly Lazy<(IReadOnlyList<CudaDeviceInfo> Devices, string Reason)> s_cuda = new(Probe);
    private static int s_resolverSet;

    /// <summary>
    /// A context for the CPU accelerator: GPU semantics (warp 32) on the CPU. Algorithms enabled only for the
    /// MathF intrinsics the kernels use (sqrt); the kernels' own DeviceMath needs no library. Profiling on, so the
    /// kernel lab can time with markers (CUDA events on a GPU).
    /// </summary>
    public static Context CreateCpuContext() =>
        Context.Create(b => b.CPU(CPUDeviceKind.Nvidia).EnableAlgorithms().Math(MathMode.Default).Profiling());

    /// <summary>A context that sees the CUDA GPUs (none without a driver).</summary>
    public static Context CreateCudaContext()
    {
        UseVersionedDriverName();
        return Context.Create(b => b.Cuda().EnableAlgorithms().Math(MathMode.Default).Profiling());
    }

    /// <summary>True when at least one CUDA GPU is usable; otherwise one sentence saying why not.</summary>
    public static bool IsCudaAvailable(out string reason)
    {
        var (devices, why) = s_cuda.Value;
        reason = why;
        return devices.Count > 0;
    }

    /// <summary>Every CUDA GPU; empty when none is usable.</summary>
    public static IReadOnlyList<CudaDeviceInfo> ListCuda() => s_cuda.Value.Devices;

    /// <summary>Throws <see cref="DeviceUnavailableException"/> with one clear sentence unless cuda:<paramref name="ordinal"/> exists.</summary>
    public static void EnsureCuda(int ordinal)
    {
        var (devices, reason) = s_cuda.Value;
        if (devices.Count == 0)
        {
            throw new DeviceUnavailableException(reason);
        }
        if (ordinal < 0 || ordinal >= devices.Count)
        {
            throw new DeviceUnavailableException(
                $"CUDA device cuda:{ordinal} does not exist: this machine has {devices.Count} GPU{(devices.Count == 1 ? "" : "s")} " +
                $"(cuda:0 to cuda:{devices.Count - 1}).");
        }
    }

    private static (IReadOnlyList<CudaDeviceInfo>, string) Probe()
    {
        if (!NativeLibrary.TryLoad("libcuda.so.1", out var handle) && !NativeLibrary.TryLoad("libcuda.so", out handle)
            && !NativeLibrary.TryLoad("nvcuda.dll", out handle))
        {
            return ([], $"CUDA is not available: the NVIDIA driver (libcuda.so.1) was not found {Hint}.");
        }
        NativeLibrary.Free(handle);
        try
        {
            using var context = CreateCudaContext();
            var cuda = context.GetCudaDevices();
            var devices = new List<CudaDeviceInfo>();
            for (int i = 0; i < cuda.Count; i++)
            {
                var d = cuda[i];
                devices.Add(new CudaDeviceInfo(i, d.Name, d.MemorySize, d.Architecture?.ToString() ?? "unknown architecture",
                    d.NumMultiprocessors));
            }
            return devices.Count == 0
                ? ([], $"CUDA is not available: the NVIDIA driver found no GPU {Hint}.")
                : (devices, $"{devices.Count} CUDA GPU{(devices.Count == 1 ? "" : "s")}.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return ([], $"CUDA is not available: ILGPU could not open the driver ({e.GetType().Name}: {e.Message.TrimEnd('.')}) {Hint}.");
        }
    }

    /// <summary>ILGPU P/Invokes "cuda", which .NET probes as libcuda.so; driver-only hosts often have only libcuda.so.1.</summary>
    private static void UseVersionedDriverName()
    {
        if (Interlocked.Exchange(ref s_resolverSet, 1) == 1)
        {
            return;
        }
        NativeLibrary.SetDllImportResolver(typeof(Context).Assembly, (name, assembly, path) =>
        {
            if (name == "cuda" && OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libcuda.so.1", out var handle))
            {
                return handle;
            }
            return IntPtr.Zero;
        });
    }
}
