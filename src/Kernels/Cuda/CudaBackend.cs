// IBackend on one CUDA GPU: per primitive, check the buffers, compute the grid next to the launch (CeilDiv),
// fill the typed argument struct and queue the kernel on the backend's stream. Nothing here syncs with the
// host except Synchronize and CopyTo. The primitives live in the CudaBackend.*.cs partial files.
namespace Engine.Kernels.Cuda;

using Engine.Kernels.Cuda.Driver;

public sealed partial class CudaBackend : IBackend
{
    private const int Threads = 256;   // block size of the one-thread-per-element kernels
    private readonly int _maxGrid;     // grid-stride kernels use at most this many blocks
    private bool _disposed;

    /// <summary>Opens GPU <paramref name="ordinal"/>: primary context, a stream, the allocator and every PTX module (JIT once).</summary>
    public CudaBackend(int ordinal = 0)
    {
        Context = new CudaContext(ordinal);
        try
        {
            Stream = new CudaStream(Context);
            Allocator = new CudaAllocator(Context);
            Kernels = new CudaKernels(Context, Stream);
        }
        catch
        {
            Context.Dispose();
            throw;
        }
        Device = Device.Cuda(ordinal);
        _maxGrid = Context.Info.MultiprocessorCount * 32;
    }

    public string Name => Device.ToString();

    public Device Device { get; }

    public CudaContext Context { get; }

    public CudaStream Stream { get; }

    public CudaAllocator Allocator { get; }

    public CudaKernels Kernels { get; }

    public DeviceBuffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return new CudaBuffer(this, length);
    }

    public void Synchronize() => Stream.Synchronize();

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Kernels.Dispose();
        Allocator.Dispose();
        Stream.Dispose();
        Context.Dispose();
    }

    /// <summary>Blocks for a grid-stride kernel over <paramref name="count"/> elements (at least 1).</summary>
    private uint GridFor(long count) => (uint)Math.Clamp((long)Cu.CeilDiv(count, Threads), 1, _maxGrid);

    private ulong In(DeviceBuffer buffer, long needed, [CallerArgumentExpression(nameof(buffer))] string name = "") =>
        Out(buffer, needed, name);

    private ulong Out(DeviceBuffer buffer, long needed, [CallerArgumentExpression(nameof(buffer))] string name = "")
    {
        if (buffer is not CudaBuffer cuda || cuda.Device != Device)
        {
            throw new ArgumentException(
                $"Buffer '{name}' on {buffer.Device} ({buffer.GetType().Name}) passed to the {Name} backend; move the tensor with ToDevice first.");
        }
        if (cuda.IsDisposed)
        {
            throw new ObjectDisposedException($"Buffer '{name}' was disposed before being passed to {Name}.");
        }
        if (cuda.Length < needed)
        {
            throw new ArgumentException($"Buffer '{name}' has {cuda.Length} elements but the primitive needs {needed}.");
        }
        return cuda.Pointer;
    }

    private static void CheckCount(int count, [CallerArgumentExpression(nameof(count))] string name = "") =>
        ArgumentOutOfRangeException.ThrowIfNegative(count, name);
}
