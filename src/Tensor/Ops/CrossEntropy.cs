// Cross-entropy of logits x (B, K) against target probabilities t (B, K) (one-hot for class labels):
//   l_b = -sum_k t_bk log_softmax(x_b)_k; mean (over rows B, as PyTorch) or sum.
// Backward: dx = dl scale (softmax(x) sum_k t - t).
namespace Engine.Ops;

internal sealed class CrossEntropyNode(Tensor logits, Tensor target, float scale) : Node(logits)
{
    public static Tensor Apply(Tensor logits, Tensor target, Reduction reduction)
    {
        Loss.CheckPair(logits, target, "CrossEntropy");
        if (logits.Rank != 2)
        {
            throw new ArgumentException($"CrossEntropy needs logits (B, K); got {logits.Shape}.");
        }
        float scale = reduction == Reduction.Sum ? 1f : 1f / logits.Shape[0];
        var loss = Tensor.Empty(new Shape(), logits.Backend);
        logits.Backend.CrossEntropyForward(logits.Buffer, target.Buffer, logits.Shape[0], logits.Shape[1], loss.Buffer);
        return Loss.Reduce(loss, scale).Track(() => new CrossEntropyNode(logits, target, scale), logits);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dx = Tensor.Empty(logits.Shape, logits.Backend);
        logits.Backend.CrossEntropyBackward(logits.Buffer, target.Buffer, dOutput.Buffer, logits.Shape[0], logits.Shape[1], scale,
            dx.Buffer);
        return [dx];
    }
}
