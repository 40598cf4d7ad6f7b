// The fast CPU kernels' thread team: every item runs exactly once whatever the thread count, the caller sees a body's
// exception, a loop started inside a loop or from another thread while one runs still completes, and workers that
// went to sleep between loops wake for the next.
namespace Engine.Tests.FastCpu;

using Engine.Kernels.Cpu.Fast;
using NUnit.Framework;

public sealed class ThreadTeamTests
{
    [Test]
    public void EveryItemRunsExactlyOnce([Values(1, 2, 3, 8)] int threads, [Values(0, 1, 2, 7, 1000)] int count)
    {
        var team = new ThreadTeam(3);
        var hits = new int[count];
        for (int repeat = 0; repeat < 50; repeat++)
        {
            Array.Clear(hits);
            team.For(count, threads, i => Interlocked.Increment(ref hits[i]));
            Assert.That(hits, Is.All.EqualTo(1), $"threads {threads}, count {count}, repeat {repeat}");
        }
    }

    [Test]
    public void WorkersTakeItemsWhenThereAreEnough()
    {
        var team = new ThreadTeam(1);
        var threadsSeen = new HashSet<int>();
        for (int repeat = 0; repeat < 20 && threadsSeen.Count < 2; repeat++)
        {
            team.For(64, 2, _ =>
            {
                lock (threadsSeen)
                {
                    threadsSeen.Add(Environment.CurrentManagedThreadId);
                }
                Thread.Sleep(1);
            });
        }
        Assert.That(threadsSeen, Has.Count.EqualTo(2), "the worker never took an item");
    }

    [Test]
    public void ABodysExceptionReachesTheCaller()
    {
        var team = new ThreadTeam(2);
        var error = Assert.Throws<InvalidOperationException>(() =>
            team.For(100, 3, i => { if (i == 37) throw new InvalidOperationException("item 37"); }));
        Assert.That(error!.Message, Is.EqualTo("item 37"));
        var hits = new int[10];
        team.For(10, 3, i => Interlocked.Increment(ref hits[i]));                 // the team still works afterwards
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void ALoopInsideALoopCompletes()
    {
        var team = new ThreadTeam(2);
        var hits = new int[8 * 16];
        team.For(8, 3, outer => team.For(16, 3, inner => Interlocked.Increment(ref hits[outer * 16 + inner])));
        Assert.That(hits, Is.All.EqualTo(1));
    }

    [Test]
    public void LoopsFromSeveralThreadsAtOnceComplete()
    {
        var team = new ThreadTeam(2);
        var totals = new long[4];
        Parallel.For(0, 4, caller =>
        {
            for (int repeat = 0; repeat < 200; repeat++)
            {
                team.For(50, 3, i => Interlocked.Add(ref totals[caller], i));
            }
        });
        Assert.That(totals, Is.All.EqualTo(200L * (49 * 50 / 2)));
    }

    [Test]
    public void SleepingWorkersWakeForTheNextLoop()
    {
        var team = new ThreadTeam(1);
        var threadsSeen = new HashSet<int>();
        for (int repeat = 0; repeat < 10 && threadsSeen.Count < 2; repeat++)
        {
            Thread.Sleep(5);                                    // longer than the spin: the worker has gone to sleep
            team.For(2, 2, _ =>
            {
                lock (threadsSeen)
                {
                    threadsSeen.Add(Environment.CurrentManagedThreadId);
                }
                Thread.Sleep(20);                               // long enough for a sleeping worker to wake and take one
            });
        }
        Assert.That(threadsSeen, Has.Count.EqualTo(2), "a sleeping worker was not woken");
    }
}
