// The primary context of one GPU (the one the CUDA runtime, cuBLAS and PyTorch share), retained once and
// made current on whichever thread calls into the driver: contexts are per OS thread (notes §1.3).
namespace Engine.Kernels.Cuda.Driver;

public sealed class CudaContext : IDisposable
{
    [ThreadStatic] private static nint t_current;
    private bool _disposed;

    public CudaContext(int ordinal)
    {
        CudaDevices.EnsureAvailable(ordinal);
        Info = CudaDevices.Describe(ordinal);
        Cu.Check(CudaApi.cuDeviceGet(out int device, ordinal));
        DeviceHandle = device;
        Cu.Check(CudaApi.cuDevicePrimaryCtxRetain(out nint context, device));
        Handle = context;
        Bind();
    }

    public CudaDeviceInfo Info { get; }

    internal int DeviceHandle { get; }

    internal nint Handle { get; }

    /// <summary>Makes this context current on the calling thread (cheap when it already is).</summary>
    public void Bind()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (t_current != Handle)
        {
            Cu.Check(CudaApi.cuCtxSetCurrent(Handle));
            t_current = Handle;
        }
    }

    /// <summary>Free and total device memory in bytes.</summary>
    public (long Free, long Total) MemoryInfo()
    {
        Bind();
        Cu.Check(CudaApi.cuMemGetInfo(out nuint free, out nuint total));
        return ((long)free, (long)total);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (t_current == Handle)
        {
            t_current = 0;
        }
        int result = CudaApi.cuDevicePrimaryCtxRelease(DeviceHandle);
        if (result is not (CudaApi.CUDA_SUCCESS or CudaApi.CUDA_ERROR_DEINITIALIZED))
        {
            Cu.Check(result);
        }
    }
}
