// The caching device-memory pool of one accelerator: freed blocks are kept by exact length and handed out again,
// so a training step allocates nothing on the device after the first (the shapes repeat step after step); counts the
// bytes its blocks hold while rented (the allocator's counter the step recorder reads).
namespace Engine.Kernels.Ilgpu;

using ILGPU;
using ILGPU.Runtime;

public sealed class IlgpuMemoryPool(Accelerator accelerator) : IDisposable
{
    private readonly Dictionary<long, Stack<MemoryBuffer1D<float, Stride1D.Dense>>> _free = new();
    private readonly Lock _lock = new();
    private bool _disposed;

    /// <summary>Device allocations made because no free block of that length existed (a test hook for "no allocation per step").</summary>
    public long DeviceAllocations { get; private set; }

    /// <summary>Bytes held by the blocks rented and not yet returned.</summary>
    public long LiveBytes { get; private set; }

    /// <summary>A block of at least one element holding <paramref name="length"/> elements.</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Rent(int length)
    {
        long size = Math.Max(1, length);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            LiveBytes += size * sizeof(float);
            if (_free.TryGetValue(size, out var stack) && stack.Count > 0)
            {
                return stack.Pop();
            }
            DeviceAllocations++;
        }
        try
        {
            return accelerator.Allocate1D<float>(size);
        }
        catch (Exception e) when (e is OutOfMemoryException || e.GetType().Name.Contains("OutOfMemory", StringComparison.Ordinal))
        {
            lock (_lock) LiveBytes -= size * sizeof(float);
            throw new OutOfMemoryException(
                $"Out of device memory on {accelerator.Name}: requested {size * sizeof(float)} bytes, " +
                $"{FreeBytes()} bytes held free in the pool ({e.Message}).", e);
        }
    }

    public void Return(MemoryBuffer1D<float, Stride1D.Dense> block)
    {
        lock (_lock)
        {
            LiveBytes -= block.Length * sizeof(float);
            if (_disposed)
            {
                block.Dispose();
                return;
            }
            if (!_free.TryGetValue(block.Length, out var stack))
            {
                stack = new Stack<MemoryBuffer1D<float, Stride1D.Dense>>();
                _free[block.Length] = stack;
            }
            stack.Push(block);
        }
    }

    /// <summary>Gives every free block back to the device.</summary>
    public void Trim()
    {
        lock (_lock)
        {
            foreach (var stack in _free.Values)
            {
                while (stack.Count > 0)
                {
                    stack.Pop().Dispose();
                }
            }
            _free.Clear();
        }
    }

    public void Dispose()
    {
        Trim();
        lock (_lock)
        {
            _disposed = true;
        }
    }

    private long FreeBytes()
    {
        lock (_lock)
        {
            return _free.Sum(pair => pair.Key * pair.Value.Count) * sizeof(float);
        }
    }
}
