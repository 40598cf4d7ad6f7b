// A run of float32 elements in GPU memory, served by the backend's caching allocator.
// Host<->device copies happen only here, in CopyFrom/CopyTo, ordered on the backend's stream.
namespace Engine.Kernels.Cuda;

using System.Buffers;
using Engine.Kernels.Cuda.Driver;

public sealed class CudaBuffer : DeviceBuffer
{
    private readonly CudaBackend _backend;
    private readonly long _classBytes;

    internal CudaBuffer(CudaBackend backend, int length)
        : base(length)
    {
        _backend = backend;
        Pointer = length == 0 ? 0 : backend.Allocator.Rent((long)length * sizeof(float), out _classBytes);
    }

    /// <summary>The CUdeviceptr of element 0.</summary>
    public ulong Pointer { get; }

    internal CudaBackend Backend => _backend;

    public override Device Device => _backend.Device;

    public override unsafe void CopyFrom(ReadOnlySpan<float> source)
    {
        CheckLength(source.Length);
        if (Length == 0)
        {
            return;
        }
        _backend.Context.Bind();
        fixed (float* p = source)
        {
            // pageable source: the driver stages it before returning, so the span may change afterwards
            Cu.Check(CudaApi.cuMemcpyHtoDAsync(Pointer, p, (nuint)(Length * sizeof(float)), _backend.Stream.Handle));
        }
    }

    public override void CopyFrom(ReadOnlySpan<double> source)
    {
        CheckLength(source.Length);
        float[] staging = ArrayPool<float>.Shared.Rent(Length);
        try
        {
            for (int i = 0; i < Length; i++)
            {
                staging[i] = (float)source[i];
            }
            CopyFrom(staging.AsSpan(0, Length));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(staging);
        }
    }

    public override unsafe void CopyTo(Span<float> destination)
    {
        CheckLength(destination.Length);
        if (Length == 0)
        {
            return;
        }
        _backend.Context.Bind();
        fixed (float* p = destination)
        {
            Cu.Check(CudaApi.cuMemcpyDtoHAsync(p, Pointer, (nuint)(Length * sizeof(float)), _backend.Stream.Handle));
            _backend.Stream.Synchronize();
        }
    }

    public override void CopyTo(Span<double> destination)
    {
        CheckLength(destination.Length);
        float[] staging = ArrayPool<float>.Shared.Rent(Length);
        try
        {
            CopyTo(staging.AsSpan(0, Length));
            for (int i = 0; i < Length; i++)
            {
                destination[i] = staging[i];
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(staging);
        }
    }

    protected override void Release()
    {
        if (Pointer != 0)
        {
            _backend.Allocator.Return(Pointer, _classBytes);
        }
    }

    private void CheckLength(int length)
    {
        ThrowIfDisposed();
        if (length != Length)
        {
            throw new ArgumentException($"Host span has {length} elements but the buffer has {Length}.");
        }
    }
}
