// Binary cross-entropy of probabilities p against targets t in [0, 1], as PyTorch's BCELoss:
//   l = -(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100)), reduced by sum, mean or batch mean.
// Backward: dp = dl scale (p - t) / max(p (1 - p), 1e-12). The target gets no gradient.
namespace Engine.Ops;

internal sealed class BinaryCrossEntropyNode(Tensor p, Tensor t, float scale) : Node(p)
{
    public static Tensor Apply(Tensor p, Tensor t, Reduction reduction)
    {
        Loss.CheckPair(p, t, "BinaryCrossEntropy");
        float scale = Loss.Scale(reduction, p, p.Count);
        var loss = Tensor.Empty(new Shape(), p.Backend);
        p.Backend.BceForward(p.Buffer, t.Buffer, p.Count, loss.Buffer);
        return Loss.Reduce(loss, scale).Track(() => new BinaryCrossEntropyNode(p, t, scale), p);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dp = Tensor.Empty(p.Shape, p.Backend);
        p.Backend.BceBackward(p.Buffer, t.Buffer, dOutput.Buffer, p.Count, scale, dp.Buffer);
        return [dp];
    }
}
