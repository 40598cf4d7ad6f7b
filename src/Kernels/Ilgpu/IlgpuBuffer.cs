// A run of float32 elements in an ILGPU accelerator's memory, served by the backend's caching pool.
// Host<->device copies happen only here, in CopyFrom/CopyTo, ordered on the backend's stream, with the host span pinned:
// ILGPU's CopyFromCPU/CopyToCPU(ref T, length) take its address with Unsafe.AsPointer and do not pin it (issue 11).
namespace Engine.Kernels.Ilgpu;

using System.Buffers;
using ILGPU;
using ILGPU.Runtime;
using Device = Engine.Kernels.Device;

public sealed unsafe class IlgpuBuffer : DeviceBuffer
{
    private readonly IlgpuBackend _backend;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _memory;

    internal IlgpuBuffer(IlgpuBackend backend, int length)
        : base(length)
    {
        _backend = backend;
        _memory = backend.Pool.Rent(length);
    }

    internal IlgpuBackend Backend => _backend;

    /// <summary>The first <see cref="DeviceBuffer.Length"/> elements, as kernels take them.</summary>
    public ArrayView<float> View
    {
        get
        {
            ThrowIfDisposed();
            return ((ArrayView<float>)_memory.View).SubView(0, Length);
        }
    }

    public override Device Device => _backend.Device;

    public override void CopyFrom(ReadOnlySpan<float> source)
    {
        CheckLength(source.Length);
        if (Length == 0)
        {
            return;
        }
        _backend.Synchronize();            // a kernel still queued on this (possibly re-rented) block must not see the new values
        fixed (float* host = source)       // pinned: a GC during the copy would move the array under ILGPU's raw pointer
        {
            View.CopyFromCPU(ref *host, Length);
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

    public override void CopyTo(Span<float> destination)
    {
        CheckLength(destination.Length);
        if (Length == 0)
        {
            return;
        }
        _backend.Synchronize();
        _backend.CountHostCopy();
        fixed (float* host = destination)  // pinned: a GC during the copy would move the array, which then keeps its old values
        {
            View.CopyToCPU(ref *host, Length);
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

    protected override void Release() => _backend.Pool.Return(_memory);

    private void CheckLength(int length)
    {
        ThrowIfDisposed();
        if (length != Length)
        {
            throw new ArgumentException($"Host span has {length} elements but the buffer has {Length}.");
        }
    }
}
