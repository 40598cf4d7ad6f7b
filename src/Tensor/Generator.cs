// A seeded random stream: a Philox key (the seed) and a counter (the offset) that advances with every draw,
// so a run is reproducible on any backend and can be resumed by saving (Seed, Offset).
namespace Engine;

/// <summary>A seeded random stream (Philox key = seed, counter = offset): reproducible on every backend and resumable from (Seed, Offset).</summary>
public sealed class Generator
{
    /// <summary>A stream starting at element <paramref name="offset"/> of Philox stream <paramref name="seed"/>.</summary>
    public Generator(ulong seed, ulong offset = 0)
    {
        Seed = seed;
        Offset = offset;
    }

    /// <summary>The generator used when none is passed; reseed it with <see cref="ManualSeed"/>.</summary>
    public static Generator Default { get; private set; } = new(0);

    public ulong Seed { get; private set; }

    public ulong Offset { get; set; }

    /// <summary>Replaces the default generator with a fresh one for <paramref name="seed"/> (as torch.manual_seed).</summary>
    public static void ManualSeed(ulong seed) => Default = new Generator(seed);

    /// <summary>Reserves <paramref name="count"/> numbers and returns the offset of the first.</summary>
    public ulong Advance(int count)
    {
        ulong start = Offset;
        Offset += (ulong)count;
        return start;
    }
}
