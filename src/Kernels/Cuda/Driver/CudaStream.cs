// A non-blocking stream (no implicit sync with the legacy NULL stream) and the events that time work on it.
namespace Engine.Kernels.Cuda.Driver;

public sealed class CudaStream : IDisposable
{
    private readonly CudaContext _context;

    public CudaStream(CudaContext context)
    {
        _context = context;
        context.Bind();
        Cu.Check(CudaApi.cuStreamCreate(out nint stream, CudaApi.CU_STREAM_NON_BLOCKING));
        Handle = stream;
    }

    internal nint Handle { get; private set; }

    /// <summary>Blocks until everything queued on the stream has finished; surfaces asynchronous kernel faults.</summary>
    public void Synchronize()
    {
        _context.Bind();
        Cu.Check(CudaApi.cuStreamSynchronize(Handle));
    }

    public void Dispose()
    {
        if (Handle != 0)
        {
            _context.Bind();
            CudaApi.cuStreamDestroy(Handle);
            Handle = 0;
        }
    }
}

/// <summary>A timing event: record two on a stream, then <see cref="ElapsedMilliseconds"/>.</summary>
public sealed class CudaEvent : IDisposable
{
    private readonly CudaContext _context;

    public CudaEvent(CudaContext context)
    {
        _context = context;
        context.Bind();
        Cu.Check(CudaApi.cuEventCreate(out nint handle, CudaApi.CU_EVENT_DEFAULT));
        Handle = handle;
    }

    internal nint Handle { get; private set; }

    public void Record(CudaStream stream)
    {
        _context.Bind();
        Cu.Check(CudaApi.cuEventRecord(Handle, stream.Handle));
    }

    /// <summary>Milliseconds between <paramref name="start"/> and <paramref name="end"/>; waits for <paramref name="end"/>.</summary>
    public static float ElapsedMilliseconds(CudaEvent start, CudaEvent end)
    {
        end._context.Bind();
        Cu.Check(CudaApi.cuEventSynchronize(end.Handle));
        Cu.Check(CudaApi.cuEventElapsedTime(out float ms, start.Handle, end.Handle));
        return ms;
    }

    public void Dispose()
    {
        if (Handle != 0)
        {
            _context.Bind();
            CudaApi.cuEventDestroy(Handle);
            Handle = 0;
        }
    }
}
