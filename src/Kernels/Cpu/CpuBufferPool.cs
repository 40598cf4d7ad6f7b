// Reuses host arrays by exact length so a training step allocates nothing after the first; counts the bytes its
// buffers hold (rented and not yet returned), the allocator's counter the step recorder reads.
namespace Engine.Kernels.Cpu;

using System.Runtime.CompilerServices;

public sealed class CpuBufferPool<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<int, Stack<T[]>> _free = new();
    private readonly Lock _lock = new();

    /// <summary>Arrays created because none of that length was free (a test hook for "no allocation per step").</summary>
    public long ArraysCreated { get; private set; }

    /// <summary>Bytes held by the buffers rented and not yet returned (live tensors, gradients, optimizer state).</summary>
    public long LiveBytes { get; private set; }

    public CpuBuffer<T> Rent(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        lock (_lock)
        {
            LiveBytes += (long)length * Unsafe.SizeOf<T>();
            if (_free.TryGetValue(length, out var stack) && stack.Count > 0)
            {
                return new CpuBuffer<T>(stack.Pop(), length, this);
            }
            ArraysCreated++;
        }
        return new CpuBuffer<T>(GC.AllocateUninitializedArray<T>(length), length, this);
    }

    internal void Return(T[] array)
    {
        lock (_lock)
        {
            LiveBytes -= (long)array.Length * Unsafe.SizeOf<T>();
            if (!_free.TryGetValue(array.Length, out var stack))
            {
                stack = new Stack<T[]>();
                _free[array.Length] = stack;
            }
            stack.Push(array);
        }
    }

    /// <summary>Drops every free array (the GC reclaims them).</summary>
    public void Trim()
    {
        lock (_lock)
        {
            _free.Clear();
        }
    }
}
