// KL divergence of the diagonal Gaussian N(mu, exp(logVar)) to N(0, I) (Kingma & Welling 2014, appendix B):
//   KL = -1/2 sum (1 + logVar - mu^2 - exp(logVar)), reduced by sum, mean or batch mean.
// Backward: dmu = dl scale mu; dlogVar = dl scale (exp(logVar) - 1) / 2.
namespace Engine.Ops;

internal sealed class GaussianKlNode(Tensor mu, Tensor logVar, float scale) : Node(mu, logVar)
{
    public static Tensor Apply(Tensor mu, Tensor logVar, Reduction reduction)
    {
        Loss.CheckPair(mu, logVar, "GaussianKl");
        float scale = Loss.Scale(reduction, mu, mu.Count);
        var loss = Tensor.Empty(new Shape(), mu.Backend);
        mu.Backend.GaussianKlForward(mu.Buffer, logVar.Buffer, mu.Count, loss.Buffer);
        return Loss.Reduce(loss, scale).Track(() => new GaussianKlNode(mu, logVar, scale), mu, logVar);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dMu = Tensor.Empty(mu.Shape, mu.Backend);
        var dLogVar = Tensor.Empty(logVar.Shape, mu.Backend);
        mu.Backend.GaussianKlBackward(mu.Buffer, logVar.Buffer, dOutput.Buffer, mu.Count, scale, dMu.Buffer, dLogVar.Buffer);
        return [dMu, dLogVar];
    }
}
