// The gradients in flight during Graph.Backward, and who owns their memory. Each is d(loss)/d(tensor) for a tensor whose
// node has not run its backward yet. A tensor used twice gets the sum of its gradients (the multivariate chain rule);
// a gradient is freed as soon as it has been passed on. Leaf gradients ACCUMULATE (+=) into .Grad, taking over the
// gradient's memory when it is fresh.
namespace Engine.Autograd;

using Engine.Memory;

/// <summary>The gradients waiting for their node's backward during Graph.Backward; summed per tensor, freed once used.</summary>
internal sealed class PendingGradients
{
    private readonly Dictionary<Tensor, Tensor> _grads = new(ReferenceEqualityComparer.Instance);

    /// <summary>Starts with d(loss)/d(loss) = 1.</summary>
    public PendingGradients(Tensor loss)
    {
        _grads[loss] = Tensor.Ones(loss.Shape, loss.Backend);
    }

    /// <summary>Takes out the summed gradient of <paramref name="tensor"/> (the caller frees it); false when none flowed back.</summary>
    public bool TryTake(Tensor tensor, out Tensor grad) => _grads.Remove(tensor, out grad!);

    /// <summary>Adds one more gradient for <paramref name="input"/>; one it does not need (null, or no grad required) is dropped.</summary>
    public void Add(Tensor input, Tensor? grad)
    {
        if (grad is null) return;
        if (!input.RequiresGrad)
        {
            grad.Dispose();
            return;
        }
        if (!_grads.Remove(input, out var existing))
        {
            _grads[input] = grad;
            return;
        }
        var sum = Tensor.Empty(input.Shape, input.Backend);
        input.Backend.AddScaled(existing.Buffer, grad.Buffer, input.Count, 1f, sum.Buffer);
        existing.Dispose();
        grad.Dispose();
        _grads[input] = sum;
    }

    /// <summary>leaf.Grad += grad; a fresh gradient becomes .Grad itself (no copy), a view is copied; grad is consumed.</summary>
    public static void AccumulateIntoLeaf(Tensor leaf, Tensor grad)
    {
        if (leaf.Grad is null && grad.Storage.References == 1 && ReferenceEquals(grad.Backend, leaf.Backend))
        {
            TensorScope.Release(grad);                                   // a fresh tensor: the leaf keeps it
            leaf.Grad = grad;
            return;
        }
        if (leaf.Grad is null)
        {
            using (TensorScope.Suspend())
            {
                leaf.Grad = Tensor.Empty(leaf.Shape, leaf.Backend);   // lives as long as the leaf
            }
            leaf.Grad.CopyFrom(grad);                                    // grad is a view of a tensor still in use
        }
        else
        {
            leaf.Backend.AddScaled(leaf.Grad.Buffer, grad.Buffer, leaf.Count, 1f, leaf.Grad.Buffer); // Grad += grad
        }
        grad.Dispose();
    }
}
