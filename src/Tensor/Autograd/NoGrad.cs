// using (NoGrad.Scope()) { ... }: operations inside record no graph (evaluation, sampling, updates).
namespace Engine.Autograd;

/// <summary>A scope in which operations record no graph: <c>using (NoGrad.Scope()) { ... }</c> for evaluation, sampling and updates.</summary>
public sealed class NoGrad : IDisposable
{
    [ThreadStatic]
    private static int t_depth;

    private bool _disposed;

    private NoGrad() => t_depth++;

    /// <summary>Whether operations currently record the graph.</summary>
    public static bool IsGradEnabled => t_depth == 0;

    /// <summary>Turns graph recording off on this thread until the returned scope is disposed.</summary>
    public static NoGrad Scope() => new();

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            t_depth--;
        }
    }
}
