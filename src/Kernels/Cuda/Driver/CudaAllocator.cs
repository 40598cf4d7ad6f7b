// Caching device allocator: blocks are rounded up to size classes (8 per power of two, so at most 12.5% waste)
// and kept on per-class free lists, so a training step allocates nothing from the driver after the first.
// All work runs on one stream, so a block freed here can be reused by the next kernel without a sync.
namespace Engine.Kernels.Cuda.Driver;

public sealed class CudaAllocator : IDisposable
{
    private readonly CudaContext _context;
    private readonly Dictionary<long, Stack<ulong>> _free = new();
    private readonly Lock _lock = new();

    public CudaAllocator(CudaContext context) => _context = context;

    /// <summary>Blocks obtained from cuMemAlloc (a test hook for "no new allocation per step").</summary>
    public long DriverAllocations { get; private set; }

    public long BytesInUse { get; private set; }

    public long BytesCached { get; private set; }

    /// <summary>The size class a request of <paramref name="bytes"/> is served from.</summary>
    public static long SizeClass(long bytes)
    {
        long n = Math.Max(bytes, 256);
        long step = Math.Max(256, (long)BitOperations.RoundUpToPowerOf2((ulong)n) / 8);
        return (n + step - 1) / step * step;
    }

    /// <summary>A device block of at least <paramref name="bytes"/> bytes; its class size is returned for <see cref="Return"/>.</summary>
    public ulong Rent(long bytes, out long classBytes)
    {
        classBytes = SizeClass(bytes);
        lock (_lock)
        {
            if (_free.TryGetValue(classBytes, out var stack) && stack.Count > 0)
            {
                BytesCached -= classBytes;
                BytesInUse += classBytes;
                return stack.Pop();
            }
        }
        _context.Bind();
        int result = CudaApi.cuMemAlloc(out ulong pointer, (nuint)classBytes);
        if (result == CudaApi.CUDA_ERROR_OUT_OF_MEMORY)
        {
            ReleaseCached();   // give cached blocks of other sizes back to the driver, then try once more
            result = CudaApi.cuMemAlloc(out pointer, (nuint)classBytes);
        }
        if (result == CudaApi.CUDA_ERROR_OUT_OF_MEMORY)
        {
            var (free, total) = _context.MemoryInfo();
            throw new CudaOutOfMemoryException(
                $"CUDA out of memory on {_context.Info.Name}: requested {Mib(bytes)} ({bytes} bytes) but only {Mib(free)} " +
                $"of {Mib(total)} are free; the engine holds {Mib(BytesInUse)} in live buffers. Use a smaller batch.");
        }
        Cu.Check(result);
        lock (_lock)
        {
            DriverAllocations++;
            BytesInUse += classBytes;
        }
        return pointer;
    }

    public void Return(ulong pointer, long classBytes)
    {
        lock (_lock)
        {
            if (!_free.TryGetValue(classBytes, out var stack))
            {
                stack = new Stack<ulong>();
                _free[classBytes] = stack;
            }
            stack.Push(pointer);
            BytesInUse -= classBytes;
            BytesCached += classBytes;
        }
    }

    /// <summary>Frees every cached (unused) block back to the driver.</summary>
    public void ReleaseCached()
    {
        lock (_lock)
        {
            _context.Bind();
            foreach (var stack in _free.Values)
            {
                while (stack.Count > 0)
                {
                    Cu.Check(CudaApi.cuMemFree(stack.Pop()));
                }
            }
            BytesCached = 0;
        }
    }

    public void Dispose() => ReleaseCached();

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MiB";
}
