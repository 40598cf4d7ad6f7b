// The one thread that touches the model in `engine explore`: loading the run, encoding its test set and every decode run
// here, one at a time, so the device, its scopes and the model's evaluation mode are never shared between threads. Work
// arrives only from requests that wait for it (a client's live loop waits for its decode before taking its next), so the
// queue holds at most one item per open request or socket.
namespace Engine.Cli.Explore;

using System.Collections.Concurrent;

public sealed class DecodeThread : IDisposable
{
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    public DecodeThread()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "explore-decode" };
        _thread.Start();
    }

    /// <summary>Runs <paramref name="work"/> on the decode thread; its exception, if any, is the task's.</summary>
    public Task<T> Run<T>(Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            _work.Add(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
        }
        catch (InvalidOperationException)
        {
            done.SetException(new ObjectDisposedException(nameof(DecodeThread), "The explorer is shutting down."));
        }
        return done.Task;
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(10));
        _work.Dispose();
    }

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable()) work();
    }
}
