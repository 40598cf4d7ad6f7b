// KL divergence of the diagonal Gaussian N(mu, exp(logVar)) to N(0, I) (Kingma & Welling 2014, appendix B):
//   KL = -1/2 sum (1 + logVar - mu^2 - exp(logVar)) = 1/2 sum (mu^2 + exp(logVar) - logVar - 1),
// reduced by sum, mean or batch mean. A composition of ops, so autograd derives the backward:
// dmu = dl scale mu; dlogVar = dl scale (exp(logVar) - 1) / 2. A fused kernel measured no gain over it.
namespace Engine.Ops;

internal static class GaussianKlLoss
{
    public static Tensor Apply(Tensor mu, Tensor logVar, Reduction reduction)
    {
        Loss.CheckPair(mu, logVar, "GaussianKl");
        var terms = mu * mu + logVar.Exp() - logVar - 1f;                       // per element, 2 KL
        return Loss.Scaled(terms.Sum(), 0.5f * Loss.Scale(reduction, mu, mu.Count));
    }
}
