// Storage owned by one backend: a flat run of elements on the host or a GPU.
// Buffers are IDisposable: disposing returns the memory to the backend's pool.
namespace Engine.Kernels;

/// <summary>A flat run of elements owned by one backend, on the host or a GPU; disposing returns it to the backend's pool.</summary>
public abstract class DeviceBuffer : IDisposable
{
    protected DeviceBuffer(int length) => Length = length;

    /// <summary>Number of elements.</summary>
    public int Length { get; }

    public abstract Device Device { get; }

    /// <summary>Bytes per element (4 for float32; the float64 reference backend's 8).</summary>
    public virtual int ElementSize => sizeof(float);

    public bool IsDisposed { get; private set; }

    /// <summary>Copies host values in (converting to the buffer's element type).</summary>
    public abstract void CopyFrom(ReadOnlySpan<float> source);

    public abstract void CopyFrom(ReadOnlySpan<double> source);

    /// <summary>Copies the buffer's values out to the host.</summary>
    public abstract void CopyTo(Span<float> destination);

    public abstract void CopyTo(Span<double> destination);

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }
        IsDisposed = true;
        Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>Gives the memory back (to a pool or the allocator).</summary>
    protected abstract void Release();

    protected void ThrowIfDisposed()
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
    }
}
