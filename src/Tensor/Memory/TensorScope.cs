// Frees a training step's intermediates deterministically, without waiting for the GC:
//   using (TensorScope.Begin()) { ...forward, loss, backward, step... }   // temporaries disposed here
// Tensors created inside are owned by the innermost scope; Keep(t) moves one out to the caller.
namespace Engine.Memory;

/// <summary>Frees a training step's intermediate tensors when disposed: <c>using (TensorScope.Begin()) { forward, loss, backward, step }</c>; <see cref="Keep"/> moves one out.</summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? t_current;

    private readonly TensorScope? _parent;
    private readonly bool _suspended;
    private readonly HashSet<Tensor> _owned = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private TensorScope(TensorScope? parent, bool suspended)
    {
        _parent = parent;
        _suspended = suspended;
    }

    /// <summary>The scope new tensors are registered in, or null.</summary>
    internal static TensorScope? Current => t_current is { _suspended: true } ? null : t_current;

    /// <summary>Starts a scope: tensors created until it is disposed are disposed with it.</summary>
    public static TensorScope Begin() => t_current = new TensorScope(t_current, suspended: false);

    /// <summary>Creates long-lived tensors (parameters, optimizer state, gradients) inside a scope.</summary>
    public static TensorScope Suspend() => t_current = new TensorScope(t_current, suspended: true);

    /// <summary>Number of live tensors this scope owns.</summary>
    public int Count => _owned.Count;

    /// <summary>Elements held by the live tensors this scope owns (views counted in full): a memory estimate's measure.</summary>
    public long Elements => _owned.Sum(t => t.IsDisposed ? 0L : t.Count);

    internal void Register(Tensor tensor) => _owned.Add(tensor);

    /// <summary>Takes <paramref name="tensor"/> out of its scope so it outlives it (it moves to the parent scope, if any).</summary>
    public static Tensor Keep(Tensor tensor)
    {
        for (var scope = t_current; scope is not null; scope = scope._parent)
        {
            if (scope._owned.Remove(tensor))
            {
                var parent = scope._parent;
                while (parent is { _suspended: true })
                {
                    parent = parent._parent;
                }
                parent?._owned.Add(tensor);
                break;
            }
        }
        return tensor;
    }

    /// <summary>Takes <paramref name="tensor"/> out of every scope: it lives until disposed explicitly.</summary>
    internal static void Release(Tensor tensor)
    {
        for (var scope = t_current; scope is not null; scope = scope._parent)
        {
            scope._owned.Remove(tensor);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (t_current != this)
        {
            throw new InvalidOperationException("Tensor scopes must be disposed in the reverse order they were begun.");
        }
        t_current = _parent;
        foreach (var tensor in _owned)
        {
            tensor.Dispose();
        }
        _owned.Clear();
    }
}
