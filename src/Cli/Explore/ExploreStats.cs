// What the explorer's server counts, for its /stats test hook: pointer moves received on live sockets, forwards run (each
// a batched decode), and moves replaced in a mailbox before they were decoded (coalesced away).
namespace Engine.Cli.Explore;

public sealed class ExploreStats
{
    private long _moves, _decodes, _liveDecodes, _superseded;

    /// <summary>Pointer moves received on the live sockets.</summary>
    public long Moves => Interlocked.Read(ref _moves);

    /// <summary>Forwards run, live and one-shot (a strip is one).</summary>
    public long Decodes => Interlocked.Read(ref _decodes);

    /// <summary>Forwards run for live pointer moves: never more than <see cref="Moves"/>.</summary>
    public long LiveDecodes => Interlocked.Read(ref _liveDecodes);

    /// <summary>Moves replaced by a newer one before they were decoded.</summary>
    public long Superseded => Interlocked.Read(ref _superseded);

    internal void Move(bool replaced)
    {
        Interlocked.Increment(ref _moves);
        if (replaced) Interlocked.Increment(ref _superseded);
    }

    internal void Decoded(bool live)
    {
        Interlocked.Increment(ref _decodes);
        if (live) Interlocked.Increment(ref _liveDecodes);
    }
}
