// A host buffer of T (float for training, double for the reference backend's gradchecks).
namespace Engine.Kernels.Cpu;

public sealed class CpuBuffer<T> : DeviceBuffer
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CpuBufferPool<T>? _pool;

    internal CpuBuffer(T[] array, int length, CpuBufferPool<T>? pool)
        : base(length)
    {
        Array = array;
        _pool = pool;
    }

    /// <summary>The backing array; it may be longer than <see cref="DeviceBuffer.Length"/> (pooled).</summary>
    public T[] Array { get; }

    public Span<T> Span
    {
        get
        {
            ThrowIfDisposed();
            return Array.AsSpan(0, Length);
        }
    }

    public override Device Device => Device.Cpu;

    public override int ElementSize => System.Runtime.CompilerServices.Unsafe.SizeOf<T>();

    public override void CopyFrom(ReadOnlySpan<float> source)
    {
        CheckLength(source.Length);
        var span = Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = T.CreateTruncating(source[i]);
        }
    }

    public override void CopyFrom(ReadOnlySpan<double> source)
    {
        CheckLength(source.Length);
        var span = Span;
        for (int i = 0; i < span.Length; i++)
        {
            span[i] = T.CreateTruncating(source[i]);
        }
    }

    public override void CopyTo(Span<float> destination)
    {
        CheckLength(destination.Length);
        var span = Span;
        for (int i = 0; i < span.Length; i++)
        {
            destination[i] = float.CreateTruncating(span[i]);
        }
    }

    public override void CopyTo(Span<double> destination)
    {
        CheckLength(destination.Length);
        var span = Span;
        for (int i = 0; i < span.Length; i++)
        {
            destination[i] = double.CreateTruncating(span[i]);
        }
    }

    protected override void Release() => _pool?.Return(Array);

    private void CheckLength(int length)
    {
        if (length != Length)
        {
            throw new ArgumentException($"Host span has {length} elements but the buffer has {Length}.");
        }
    }
}
