// Mean squared error l = (p - t)^2 and L1 error l = |p - t|, reduced by sum, mean or batch mean.
// Backward: dp = dl scale 2 (p - t), or dl scale sign(p - t); dt = -dp when the target needs a gradient.
namespace Engine.Ops;

internal sealed class ErrorLossNode(Tensor p, Tensor t, bool absolute, float scale) : Node(p, t)
{
    public override string Name => absolute ? "L1Loss" : "MseLoss";

    public static Tensor Apply(Tensor p, Tensor t, bool absolute, Reduction reduction)
    {
        Loss.CheckPair(p, t, absolute ? "L1Loss" : "MseLoss");
        float scale = Loss.Scale(reduction, p, p.Count);
        var loss = Tensor.Empty(new Shape(), p.Backend);
        p.Backend.ErrorForward(p.Buffer, t.Buffer, p.Count, absolute, loss.Buffer);
        return Loss.Reduce(loss, scale).Track(() => new ErrorLossNode(p, t, absolute, scale), p, t);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dp = Tensor.Empty(p.Shape, p.Backend);
        p.Backend.ErrorBackward(p.Buffer, t.Buffer, dOutput.Buffer, p.Count, absolute, scale, dp.Buffer);
        Tensor? dt = null;
        if (Needs(1))
        {
            dt = Tensor.Empty(t.Shape, t.Backend);
            t.Backend.Unary(UnaryOp.Neg, dp.Buffer, dp.Count, 0f, 0f, dt.Buffer);
        }
        return [dp, dt];
    }
}
