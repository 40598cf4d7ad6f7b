// A reference-counted device buffer shared by a tensor and its views (reshape is free).
namespace Engine.Memory;

internal sealed class Storage
{
    private int _references = 1;

    public Storage(DeviceBuffer buffer, IBackend backend)
    {
        Buffer = buffer;
        Backend = backend;
    }

    public DeviceBuffer Buffer { get; }

    public IBackend Backend { get; }

    public int References => _references;

    public Storage AddReference()
    {
        Interlocked.Increment(ref _references);
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Buffer.Dispose();
        }
    }
}
