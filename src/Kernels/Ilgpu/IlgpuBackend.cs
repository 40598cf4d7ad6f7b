// IlgpuBackend: every IBackend primitive as an ILGPU kernel (static C# methods in Kernels/, one file per family),
// on a CUDA GPU or on ILGPU's CPU accelerator. Kernels are compiled once, in the constructor, and held as typed
// launch delegates; buffers come from a caching pool; nothing here waits for the device except Synchronize and
// CopyTo. Per primitive: check the buffers, size the launch, queue the kernel. Primitives: IlgpuBackend.*.cs.
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using Device = Engine.Kernels.Device;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

public sealed partial class IlgpuBackend : IBackend
{
    private readonly Context _context;
    private readonly Accelerator _accelerator;
    private readonly AcceleratorStream _stream;
    private readonly int _threads;            // group size of the one-element-per-thread kernels
    private readonly int _sumThreads;         // group size of the one-group loss sums and SumToMiddle
    private readonly int _channelThreads;     // group size of the per-channel batch-norm reductions
    private readonly int _maxGroups;          // grid-stride kernels use at most this many groups
    private readonly int _splitTarget;        // split-K aims for this many groups in the conv backward-weight
    private bool _disposed;
    private long _hostCopies;

    private IlgpuBackend(Context context, Accelerator accelerator, Device device, bool onCpu)
    {
        _context = context;
        _accelerator = accelerator;
        _stream = accelerator.DefaultStream;
        Device = device;
        Pool = new IlgpuMemoryPool(accelerator);
        // The CPU accelerator runs every thread of a group as an OS thread and pays per barrier: small groups.
        _threads = onCpu ? 32 : 256;
        _sumThreads = onCpu ? 64 : 512;       // two warps on the CPU: the multi-warp GroupSum path stays tested
        _channelThreads = onCpu ? 32 : 256;   // batch norm runs one group per channel: one warp on the CPU
        _maxGroups = onCpu ? 8 : accelerator.NumMultiprocessors * 32;
        _splitTarget = onCpu ? 8 : 2 * accelerator.NumMultiprocessors;
        LoadKernels();
    }

    /// <summary>
    /// The GPU kernels on ILGPU's CPU accelerator (warp 32), with GEMM tile <typeparamref name="TTile"/>
    /// (<see cref="Tile16"/> by default: small tiles, so small shapes cross tile edges).
    /// </summary>
    public static IlgpuBackend CreateCpu<TTile>()
        where TTile : struct, IGemmTile
    {
        var context = IlgpuDevices.CreateCpuContext();
        try
        {
            var backend = new IlgpuBackend(context, context.CreateCPUAccelerator(0), Device.IlgpuCpu, onCpu: true);
            backend.LoadTiled<TTile>();
            return backend;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public static IlgpuBackend CreateCpu() => CreateCpu<Tile16>();

    /// <summary>CUDA GPU <paramref name="ordinal"/> with 64 x 64 GEMM tiles; throws <see cref="DeviceUnavailableException"/> without one.</summary>
    public static IlgpuBackend CreateCuda(int ordinal = 0)
    {
        IlgpuDevices.EnsureCuda(ordinal);
        var context = IlgpuDevices.CreateCudaContext();
        try
        {
            var accelerator = context.GetCudaDevice(ordinal).CreateAccelerator(context);
            var backend = new IlgpuBackend(context, accelerator, Device.Cuda(ordinal), onCpu: false);
            backend.LoadTiled<Tile64>();
            return backend;
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    public string Name => Device.ToString();

    public Device Device { get; }

    /// <summary>The accelerator's description, for `engine devices` and reports.</summary>
    public string AcceleratorName => _accelerator.Name;

    public IlgpuMemoryPool Pool { get; }

    /// <summary>The accelerator, for the kernel lab's own variants (bench/Engine.Bench/Gpu): load a kernel, launch it on <see cref="Stream"/>.</summary>
    public Accelerator Accelerator => _accelerator;

    public AcceleratorStream Stream => _stream;

    /// <summary>
    /// The median time of <paramref name="work"/> over <paramref name="runs"/> runs after <paramref name="warmup"/>,
    /// each run between two profiling markers on the backend's stream (CUDA events on a GPU).
    /// </summary>
    public TimeSpan Time(Action work, int warmup = 2, int runs = 10)
    {
        for (int i = 0; i < warmup; i++)
        {
            work();
        }
        var times = new TimeSpan[runs];
        for (int i = 0; i < runs; i++)
        {
            using var start = _stream.AddProfilingMarker();
            work();
            using var end = _stream.AddProfilingMarker();
            times[i] = end.MeasureFrom(start);
        }
        Array.Sort(times);
        return times[runs / 2];
    }

    /// <summary>The GEMM tile: threads per side of a group and the K step (a 4T x 4T output tile).</summary>
    public (int Threads, int TileK) GemmTile { get; private set; }

    public DeviceBuffer Allocate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new IlgpuBuffer(this, length);
    }

    public void Synchronize() => _stream.Synchronize();

    public long AllocatedBytes => Pool.LiveBytes;

    /// <summary>Device->host copies so far (every CopyTo of a buffer): tests count them, e.g. one per training step.</summary>
    public long HostCopies => Interlocked.Read(ref _hostCopies);

    internal void CountHostCopy() => Interlocked.Increment(ref _hostCopies);

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _stream.Synchronize();
        Pool.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
    }

    private void LoadKernels()
    {
        LoadCopy();
        LoadElementwise();
        LoadReduction();
        LoadRandom();
        LoadOptimizer();
        LoadLoss();
        LoadBatchNorm();
        LoadSoftmax();
    }

    /// <summary>A grid-stride launch over <paramref name="count"/> elements: at least one group, at most _maxGroups.</summary>
    private KernelConfig Elementwise(long count) =>
        new((int)Math.Clamp((count + _threads - 1) / _threads, 1, _maxGroups), _threads);

    private ArrayView<float> In(DeviceBuffer buffer, long needed, [CallerArgumentExpression(nameof(buffer))] string name = "") =>
        Out(buffer, needed, name);

    private ArrayView<float> Out(DeviceBuffer buffer, long needed, [CallerArgumentExpression(nameof(buffer))] string name = "")
    {
        if (buffer is not IlgpuBuffer ilgpu || !ReferenceEquals(ilgpu.Backend, this))
        {
            throw new ArgumentException(
                $"Buffer '{name}' on {buffer.Device} ({buffer.GetType().Name}) passed to the {Name} backend; move the tensor with ToDevice first.");
        }
        if (ilgpu.IsDisposed)
        {
            throw new ObjectDisposedException($"Buffer '{name}' was disposed before being passed to {Name}.");
        }
        if (ilgpu.Length < needed)
        {
            throw new ArgumentException($"Buffer '{name}' has {ilgpu.Length} elements but the primitive needs {needed}.");
        }
        return ilgpu.View;
    }

    private static void CheckCount(int count, [CallerArgumentExpression(nameof(count))] string name = "") =>
        ArgumentOutOfRangeException.ThrowIfNegative(count, name);
}
