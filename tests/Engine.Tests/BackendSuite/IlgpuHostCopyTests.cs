// Host<->device copies of the ILGPU backend while the garbage collector compacts the heap (issue 11). ILGPU's
// CopyToCPU/CopyFromCPU(ref T, length) take the host address with Unsafe.AsPointer and do not pin it, so a collection
// that moves the host array mid-copy made the copy read or write the array's old address: outputs read back all zero.
namespace Engine.Tests.BackendSuite;

using System.Diagnostics;

[TestFixture]
[NonParallelizable]
[Category(TestCategories.IlgpuCpu)]
public sealed class IlgpuHostCopyTests
{
    // 16,000 floats (64 KB): on the small-object heap, where the GC moves arrays, and long enough that the copy is a
    // native memmove, during which a collection on another thread may run.
    private const int Length = 16_000;

    [Test]
    public void CopiesAreExactWhileTheGarbageCollectorMovesTheHostArrays()
    {
        var backend = Backends.IlgpuCpu;                       // the process's shared one: no extra kernel compile
        float[] values = Enumerable.Range(1, Length).Select(i => (float)i).ToArray();
        using var buffer = backend.Allocate(Length);

        using var stop = new CancellationTokenSource();
        var collector = new Thread(() => Collect(stop.Token)) { IsBackground = true, Name = "compacting collector" };
        collector.Start();
        int roundTrips = 0, wrong = 0;
        var clock = Stopwatch.StartNew();
        try
        {
            // each round trip: host -> device from a fresh (young, movable) array, device -> host into another
            while (clock.Elapsed < TimeSpan.FromSeconds(5) && wrong == 0)
            {
                var source = (float[])values.Clone();
                buffer.CopyFrom(source);
                var back = new float[Length];
                buffer.CopyTo(back);
                if (!back.AsSpan().SequenceEqual(values)) wrong++;
                roundTrips++;
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }
        TestContext.Out.WriteLine($"{roundTrips} round trips in {clock.Elapsed.TotalSeconds:F1} s, {wrong} wrong");
        Assert.That(wrong, Is.Zero,
            $"a host copy went wrong while the GC compacted the heap (round trip {roundTrips}): the host array was not pinned");
    }

    /// <summary>Young garbage and compacting gen-0 collections, as fast as possible, until cancelled.</summary>
    private static void Collect(CancellationToken stop)
    {
        var keep = new object[64];
        int i = 0;
        while (!stop.IsCancellationRequested)
        {
            keep[i++ % keep.Length] = new byte[1024];
            GC.Collect(0, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }
}
