// Reverse-mode differentiation over the recorded tape (micrograd's backward, on tensors): order the graph
// topologically, seed d(loss)/d(loss) = 1, then walk it in reverse, asking each node for its inputs' gradients (the
// chain rule). Summing a tensor's gradients, freeing them once used and accumulating into leaves is PendingGradients'.
namespace Engine.Autograd;

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

        var recorder = TapeRecorder.Active;                         // engine graph: times each node's backward
        recorder?.BeginBackward(loss);
        try
        {
            Walk(loss, recorder);
        }
        finally
        {
            recorder?.EndBackward();
        }
    }

    private static void Walk(Tensor loss, TapeRecorder? recorder)
    {
        var order = TopologicalOrder(loss);
        var pending = new PendingGradients(loss);                   // d(loss)/d(loss) = 1
        using var noGrad = NoGrad.Scope();
        for (int i = order.Count - 1; i >= 0; i--)                  // outputs before the inputs they were made from
        {
            var tensor = order[i];
            if (!pending.TryTake(tensor, out var grad))
            {
                continue;                                           // nothing flowed back to this tensor
            }
            if (tensor.Creator is null)
            {
                PendingGradients.AccumulateIntoLeaf(tensor, grad); // a parameter (or input): .Grad += grad
                continue;
            }
            recorder?.BeginNodeBackward(tensor.Creator);
            var inputGrads = tensor.Creator.Backward(grad);         // the chain rule, one node: d(loss)/d(input_j)
            if (Anomaly.IsEnabled) Anomaly.CheckBackward(tensor.Creator, grad, inputGrads);
            grad.Dispose();
            var inputs = tensor.Creator.Inputs;
            for (int j = 0; j < inputs.Length; j++)
            {
                if (inputGrads[j] is { } g && g.Shape != inputs[j].Shape)
                {
                    throw new InvalidOperationException(
                        $"{tensor.Creator.Name} returned a gradient of shape {g.Shape} for an input of shape {inputs[j].Shape}.");
                }
                pending.Add(inputs[j], inputGrads[j]);              // summed when an input feeds several nodes
            }
            recorder?.EndNodeBackward();
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
}
