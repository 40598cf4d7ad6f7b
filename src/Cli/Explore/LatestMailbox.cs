// A single-slot mailbox, the explorer's coalescing of pointer moves: Put replaces whatever is waiting (latest wins) and
// Take waits for the newest item. However fast a pointer moves, at most one move per client waits to be decoded.
namespace Engine.Cli.Explore;

public sealed class LatestMailbox<T>
    where T : class
{
    private readonly object _gate = new();
    private readonly SemaphoreSlim _filled = new(0, 1);   // 1 exactly while the slot holds an item
    private T? _slot;

    /// <summary>Puts <paramref name="item"/> in the slot; true when it replaced an item nobody had taken yet.</summary>
    public bool Put(T item)
    {
        lock (_gate)
        {
            bool replaced = _slot is not null;
            _slot = item;
            if (!replaced) _filled.Release();
            return replaced;
        }
    }

    /// <summary>Waits for an item and takes it, leaving the slot empty.</summary>
    public async Task<T> TakeAsync(CancellationToken cancel)
    {
        await _filled.WaitAsync(cancel);
        lock (_gate)
        {
            var item = _slot!;
            _slot = null;
            return item;
        }
    }
}
