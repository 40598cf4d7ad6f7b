// Mean squared error l = (p - t)^2 and L1 error l = |p - t|, reduced by sum, mean or batch mean. A composition of ops
// (Sub, Mul or Abs, Sum, a scale), so autograd derives the backward: dp = dl scale 2 (p - t), or dl scale sign(p - t);
// dt = -dp. A fused kernel measured no gain over it.
namespace Engine.Ops;

internal static class ErrorLoss
{
    public static Tensor Apply(Tensor p, Tensor t, bool absolute, Reduction reduction)
    {
        Loss.CheckPair(p, t, absolute ? "L1Loss" : "MseLoss");
        var difference = p - t;
        var error = absolute ? difference.Abs() : difference * difference;
        return Loss.Scaled(error.Sum(), Loss.Scale(reduction, p, p.Count));
    }
}
