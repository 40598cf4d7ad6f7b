// Reverse-mode differentiation over the recorded tape (micrograd's backward, on tensors):
// order the graph topologically, seed d(loss)/d(loss) = 1, then walk it in reverse, asking each node for its
// inputs' gradients. Gradients of leaves ACCUMULATE (+=) into .Grad; intermediate gradients are freed as soon
// as their node has used them.
namespace Engine.Autograd;

using Engine.Memory;

/// <summary>Reverse-mode differentiation over the recorded tape: topological order, then each node's local backward in reverse; leaf gradients accumulate (+=).</summary>
public static class Graph
{
    public static void Backward(Tensor loss)
    {
        if (!loss.RequiresGrad)
        {
            throw new InvalidOperationException(
                "Backward() was called on a tensor that does not require gradients: no parameter led to it " +
                "(or it was computed inside NoGrad).");
        }
        if (loss.Count != 1)
        {
            throw new InvalidOperationException($"Backward() needs a scalar loss, not shape {loss.Shape}; reduce it with Sum() or Mean().");
        }

        var order = TopologicalOrder(loss);
        var grads = new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance)
        {
            [loss] = Tensor.Ones(loss.Shape, loss.Backend),
        };
        using var noGrad = NoGrad.Scope();
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var tensor = order[i];
            if (!grads.Remove(tensor, out var grad))
            {
                continue;                                           // nothing flowed back to this tensor
            }
            if (tensor.Creator is null)
            {
                AccumulateIntoLeaf(tensor, grad);
                continue;
            }
            var inputGrads = tensor.Creator.Backward(grad);
            if (Anomaly.IsEnabled) Anomaly.CheckBackward(tensor.Creator, grad, inputGrads);
            grad.Dispose();
            var inputs = tensor.Creator.Inputs;
            for (int j = 0; j < inputs.Length; j++)
            {
                var g = inputGrads[j];
                if (g is null || !inputs[j].RequiresGrad)
                {
                    g?.Dispose();
                    continue;
                }
                if (g.Shape != inputs[j].Shape)
                {
                    throw new InvalidOperationException(
                        $"{tensor.Creator.Name} returned a gradient of shape {g.Shape} for an input of shape {inputs[j].Shape}.");
                }
                if (grads.Remove(inputs[j], out var existing))
                {
                    grads[inputs[j]] = Add(existing, g);            // a tensor used twice gets the sum
                    existing.Dispose();
                    g.Dispose();
                }
                else
                {
                    grads[inputs[j]] = g;
                }
            }
        }
    }

    /// <summary>Every tensor that requires grad and leads to <paramref name="root"/>, inputs before outputs.</summary>
    public static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, bool Expanded)>();
        stack.Push((root, false));
        while (stack.Count > 0)                                       // iterative DFS: deep graphs, no stack overflow
        {
            var (tensor, expanded) = stack.Pop();
            if (expanded)
            {
                order.Add(tensor);
                continue;
            }
            if (!visited.Add(tensor))
            {
                continue;
            }
            stack.Push((tensor, true));
            if (tensor.Creator is not null)
            {
                foreach (var input in tensor.Creator.Inputs)
                {
                    if (input.RequiresGrad && !visited.Contains(input))
                    {
                        stack.Push((input, false));
                    }
                }
            }
        }
        return order;
    }

    private static void AccumulateIntoLeaf(Tensor leaf, Tensor grad)
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

    private static Tensor Add(Tensor a, Tensor b)
    {
        var sum = Tensor.Empty(a.Shape, a.Backend);
        a.Backend.AddScaled(a.Buffer, b.Buffer, a.Count, 1f, sum.Buffer);
        return sum;
    }
}
