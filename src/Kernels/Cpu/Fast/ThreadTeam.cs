// A fixed team of worker threads for the fast CPU kernels, in the manner of an OpenMP runtime: the caller publishes
// a loop, wakes the workers, takes items itself and waits until every item is done. A training step runs about 150
// parallel loops of 50 µs to 5 ms each; Parallel.For hands each one to the .NET thread pool, whose wake-up and
// hand-back cost tens of microseconds per loop and leaves a core idle between loops. Here a worker that has just
// finished a loop spins briefly for the next one (they come microseconds apart within a step) and only then sleeps.
//
// Items are handed out one at a time from a shared counter, so a worker that wakes late takes fewer items instead of
// holding the caller up. One loop runs at a time: a loop started while another runs (from another thread, or from
// inside a loop's body) runs on the .NET thread pool instead, so the team never waits on itself.
namespace Engine.Kernels.Cpu.Fast;

using System.Diagnostics;
using System.Runtime.ExceptionServices;

internal sealed class ThreadTeam
{
    /// <summary>The process's team: one worker per core besides the calling thread.</summary>
    public static readonly ThreadTeam Shared = new(Environment.ProcessorCount - 1);

    // How long an idle worker spins before it sleeps. Loops in a step follow each other within ~10-100 µs.
    private static readonly long SpinTicks = Stopwatch.Frequency / 5_000;   // 200 µs

    private readonly Worker[] _workers;
    private Loop? _loop;            // the loop being run, published before _generation moves on
    private int _generation;        // counts published loops; workers watch it
    private int _busy;              // 1 while a loop runs (the team takes one loop at a time)

    public ThreadTeam(int workers)
    {
        _workers = new Worker[Math.Max(0, workers)];
        for (int i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Worker(this, i);
        }
    }

    /// <summary>Workers besides the calling thread.</summary>
    public int Workers => _workers.Length;

    /// <summary>Runs body(i) for every i &lt; count on the caller and up to threads - 1 workers; returns when all are done.</summary>
    public void For(int count, int threads, Action<int> body)
    {
        int helpers = Math.Min(Math.Min(threads - 1, _workers.Length), count - 1);
        if (helpers <= 0)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }
            return;
        }
        if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            // The team is running another loop (another caller, or this loop's own body): the thread pool takes it.
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, body);
            return;
        }
        try
        {
            var loop = new Loop(body, count, helpers);
            Volatile.Write(ref _loop, loop);
            Interlocked.Increment(ref _generation);          // full fence: the loop is visible before the new generation
            for (int i = 0; i < helpers; i++)
            {
                _workers[i].Wake();
            }
            loop.Work();
            loop.WaitUntilDone();
            loop.ThrowIfFailed();
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    // One parallel loop: items are claimed from Next; Done counts finished items (by anyone).
    private sealed class Loop(Action<int> body, int count, int helpers)
    {
        private int _next;
        private int _done;
        private ExceptionDispatchInfo? _error;

        public int Helpers { get; } = helpers;

        public void Work()
        {
            int finished = 0;
            for (int i = Interlocked.Increment(ref _next) - 1; i < count; i = Interlocked.Increment(ref _next) - 1)
            {
                try
                {
                    body(i);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
                }
                finished++;
            }
            if (finished > 0)
            {
                Interlocked.Add(ref _done, finished);
            }
        }

        public void WaitUntilDone()
        {
            var spinner = new SpinWait();
            while (Volatile.Read(ref _done) < count)
            {
                spinner.SpinOnce(sleep1Threshold: -1);
            }
        }

        public void ThrowIfFailed() => _error?.Throw();
    }

    private sealed class Worker
    {
        private readonly ThreadTeam _team;
        private readonly int _index;
        private readonly SemaphoreSlim _signal = new(0);
        private int _sleeping;      // 1 while blocked on _signal (or about to be); the publisher releases it once

        public Worker(ThreadTeam team, int index)
        {
            _team = team;
            _index = index;
            new Thread(Run) { IsBackground = true, Name = $"Engine CPU worker {index + 1}" }.Start();
        }

        /// <summary>Called after a new generation is published: wakes the worker if it sleeps.</summary>
        public void Wake()
        {
            if (Interlocked.Exchange(ref _sleeping, 0) == 1)
            {
                _signal.Release();
            }
        }

        private void Run()
        {
            int seen = 0;
            while (true)
            {
                seen = WaitForGeneration(seen);
                var loop = Volatile.Read(ref _team._loop);
                if (loop is not null && _index < loop.Helpers)
                {
                    loop.Work();
                }
            }
        }

        // Spins for a short while, then sleeps until a generation after `seen` is published; returns it.
        private int WaitForGeneration(int seen)
        {
            long deadline = Stopwatch.GetTimestamp() + SpinTicks;
            var spinner = new SpinWait();
            while (Volatile.Read(ref _team._generation) == seen)
            {
                if (Stopwatch.GetTimestamp() < deadline)
                {
                    spinner.SpinOnce(sleep1Threshold: -1);
                    continue;
                }
                Interlocked.Exchange(ref _sleeping, 1);        // full fence before the re-check below
                if (Volatile.Read(ref _team._generation) == seen || Interlocked.Exchange(ref _sleeping, 0) == 0)
                {
                    // Either nothing new (sleep until Wake releases us) or a publisher already took our flag and
                    // released the semaphore: consume that release so it is not left for a later loop.
                    _signal.Wait();
                }
                deadline = Stopwatch.GetTimestamp() + SpinTicks;
            }
            return Volatile.Read(ref _team._generation);
        }
    }
}
