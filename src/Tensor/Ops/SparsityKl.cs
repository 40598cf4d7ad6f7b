// Sparsity penalty of a sparse autoencoder: the Bernoulli KL of a target activation rho to each hidden unit's
// mean activation q_j (over the batch): KL = sum_j rho ln(rho / q_j) + (1 - rho) ln((1 - rho) / (1 - q_j)),
// written as sum_j (rho ln rho - rho ln q_j) + ((1 - rho) ln(1 - rho) - (1 - rho) ln(1 - q_j)). A composition of ops
// (Log, Affine, Add, Sum), so autograd derives the backward: dq = dl (-rho / q + (1 - rho) / (1 - q)).
namespace Engine.Ops;

internal static class SparsityKlLoss
{
    public static Tensor Apply(Tensor meanActivation, float rho)
    {
        if (!(rho > 0f && rho < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), $"The sparsity target rho must be in (0, 1); got {rho}.");
        }
        var q = meanActivation;
        var active = q.Log().Affine(-rho, rho * MathF.Log(rho));                                 // rho ln(rho / q)
        var inactive = (1f - q).Log().Affine(-(1f - rho), (1f - rho) * MathF.Log(1f - rho));      // (1 - rho) ln((1 - rho) / (1 - q))
        return (active + inactive).Sum();
    }
}
