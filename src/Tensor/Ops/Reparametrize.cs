// The VAE's reparametrization trick (Kingma & Welling 2014): z = mu + eps * exp(logVar / 2), eps ~ N(0, I) drawn from
// the Philox stream, so z is differentiable in mu and logVar. Backward: dmu = dz; dlogVar = dz eps exp(logVar / 2) / 2.
namespace Engine.Ops;

internal sealed class ReparametrizeNode(Tensor mu, Tensor logVar, Tensor eps) : Node(mu, logVar)
{
    public static Tensor Apply(Tensor mu, Tensor logVar, Generator generator)
    {
        Loss.CheckPair(mu, logVar, "Reparametrize");
        var z = Tensor.Empty(mu.Shape, mu.Backend);
        var eps = Tensor.Empty(mu.Shape, mu.Backend);
        mu.Backend.Reparametrize(mu.Buffer, logVar.Buffer, generator.Seed, generator.Advance(mu.Count), mu.Count, z.Buffer, eps.Buffer);
        return z.Track(() => new ReparametrizeNode(mu, logVar, eps), mu, logVar);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dMu = Tensor.Empty(mu.Shape, mu.Backend);
        var dLogVar = Tensor.Empty(logVar.Shape, mu.Backend);
        mu.Backend.ReparametrizeBackward(logVar.Buffer, eps.Buffer, dOutput.Buffer, mu.Count, dMu.Buffer, dLogVar.Buffer);
        return [dMu, dLogVar];
    }
}
