// Sparsity penalty of a sparse autoencoder: the Bernoulli KL of a target activation rho to each hidden unit's
// mean activation q_j (over the batch): KL = sum_j rho ln(rho / q_j) + (1 - rho) ln((1 - rho) / (1 - q_j)).
// Backward: dq = dl (-rho / q + (1 - rho) / (1 - q)).
namespace Engine.Ops;

internal sealed class SparsityKlNode(Tensor q, float rho) : Node(q)
{
    public static Tensor Apply(Tensor meanActivation, float rho)
    {
        if (!(rho > 0f && rho < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(rho), $"The sparsity target rho must be in (0, 1); got {rho}.");
        }
        var loss = Tensor.Empty(new Shape(), meanActivation.Backend);
        meanActivation.Backend.SparsityKlForward(meanActivation.Buffer, meanActivation.Count, rho, loss.Buffer);
        return loss.Track(() => new SparsityKlNode(meanActivation, rho), meanActivation);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dq = Tensor.Empty(q.Shape, q.Backend);
        q.Backend.SparsityKlBackward(q.Buffer, dOutput.Buffer, q.Count, rho, 1f, dq.Buffer);
        return [dq];
    }
}
