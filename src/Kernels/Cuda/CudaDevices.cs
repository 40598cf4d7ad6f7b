// Which CUDA GPUs this machine has, and whether CUDA can be used at all, in one readable sentence
// ("CUDA is not available: libcuda.so.1 was not found ...") instead of a stack trace.
namespace Engine.Kernels.Cuda;

using Engine.Kernels.Cuda.Driver;

/// <summary>One GPU as the driver reports it.</summary>
public sealed record CudaDeviceInfo(
    int Ordinal, string Name, long TotalMemoryBytes, int ComputeMajor, int ComputeMinor, int MultiprocessorCount,
    int ClockKHz, int MemoryClockKHz, int MemoryBusWidthBits)
{
    public string ComputeCapability => $"{ComputeMajor}.{ComputeMinor}";

    /// <summary>Theoretical DRAM bandwidth (DDR: two transfers per memory clock), in GB/s.</summary>
    public double PeakBandwidthGBs => 2.0 * MemoryClockKHz * 1e3 * (MemoryBusWidthBits / 8.0) / 1e9;

    public override string ToString() =>
        $"cuda:{Ordinal} {Name}, compute capability {ComputeCapability}, {TotalMemoryBytes / (1024 * 1024)} MiB, {MultiprocessorCount} SMs";
}

public static class CudaDevices
{
    private const string Hint = "(install the NVIDIA driver, or use --device cpu)";
    private static readonly Lazy<(bool Ok, string Reason, int DriverVersion)> s_driver = new(InitializeDriver);

    /// <summary>True when the driver loads, initialises and sees at least one GPU; otherwise one sentence saying why not.</summary>
    public static bool IsAvailable(out string reason)
    {
        var (ok, why, _) = s_driver.Value;
        reason = why;
        return ok;
    }

    /// <summary>The driver's CUDA version, e.g. 13000 for CUDA 13.0 (0 when unavailable).</summary>
    public static int DriverVersion => s_driver.Value.DriverVersion;

    /// <summary>Every visible GPU; empty when CUDA is unavailable.</summary>
    public static IReadOnlyList<CudaDeviceInfo> List()
    {
        if (!IsAvailable(out _))
        {
            return [];
        }
        Cu.Check(CudaApi.cuDeviceGetCount(out int count));
        var devices = new List<CudaDeviceInfo>(count);
        for (int ordinal = 0; ordinal < count; ordinal++)
        {
            devices.Add(Describe(ordinal));
        }
        return devices;
    }

    /// <summary>Throws <see cref="CudaUnavailableException"/> with one clear sentence unless device <paramref name="ordinal"/> can be used.</summary>
    public static void EnsureAvailable(int ordinal)
    {
        if (!IsAvailable(out string reason))
        {
            throw new CudaUnavailableException(reason);
        }
        Cu.Check(CudaApi.cuDeviceGetCount(out int count));
        if (ordinal < 0 || ordinal >= count)
        {
            throw new CudaUnavailableException(
                $"CUDA device cuda:{ordinal} does not exist: this machine has {count} GPU{(count == 1 ? "" : "s")} (cuda:0 to cuda:{count - 1}).");
        }
    }

    internal static unsafe CudaDeviceInfo Describe(int ordinal)
    {
        Cu.Check(CudaApi.cuDeviceGet(out int device, ordinal));
        byte* name = stackalloc byte[256];
        Cu.Check(CudaApi.cuDeviceGetName(name, 256, device));
        Cu.Check(CudaApi.cuDeviceTotalMem(out nuint total, device));
        int Attribute(int attribute)
        {
            Cu.Check(CudaApi.cuDeviceGetAttribute(out int value, attribute, device));
            return value;
        }
        return new CudaDeviceInfo(
            ordinal, new string((sbyte*)name), (long)total,
            Attribute(CudaApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
            Attribute(CudaApi.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
            Attribute(CudaApi.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
            Attribute(CudaApi.CU_DEVICE_ATTRIBUTE_CLOCK_RATE),
            Attribute(CudaApi.CU_DEVICE_ATTRIBUTE_MEMORY_CLOCK_RATE),
            Attribute(CudaApi.CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH));
    }

    private static (bool, string, int) InitializeDriver()
    {
        int result;
        try
        {
            result = CudaApi.cuInit(0);
        }
        catch (DllNotFoundException)
        {
            return (false, $"CUDA is not available: libcuda.so.1 was not found {Hint}.", 0);
        }
        catch (EntryPointNotFoundException e)
        {
            return (false, $"CUDA is not available: the NVIDIA driver is too old ({e.Message}) {Hint}.", 0);
        }
        if (result != CudaApi.CUDA_SUCCESS)
        {
            string why = result switch
            {
                CudaApi.CUDA_ERROR_NO_DEVICE => "the NVIDIA driver found no GPU",
                CudaApi.CUDA_ERROR_STUB_LIBRARY => "libcuda.so.1 is the CUDA toolkit's stub, not the real driver",
                _ => $"cuInit failed with {Cu.ErrorName(result)} ({result}): {Cu.ErrorDescription(result)}",
            };
            return (false, $"CUDA is not available: {why} {Hint}.", 0);
        }
        if (CudaApi.cuDeviceGetCount(out int count) != 0 || count == 0)
        {
            return (false, $"CUDA is not available: the NVIDIA driver found no GPU {Hint}.", 0);
        }
        CudaApi.cuDriverGetVersion(out int version);
        return (true, $"CUDA driver {version / 1000}.{version % 1000 / 10} with {count} GPU{(count == 1 ? "" : "s")}.", version);
    }
}
