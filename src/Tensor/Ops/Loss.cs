// Shared plumbing of the fused losses: the scalar output, the reduction scale and the backward's dInput.
namespace Engine.Ops;

internal static class Loss
{
    /// <summary>1 for a sum, 1/count for a mean, 1/batch for a batch mean.</summary>
    public static float Scale(Reduction reduction, Tensor like, int count) => reduction switch
    {
        Reduction.Sum => 1f,
        Reduction.Mean => 1f / count,
        Reduction.BatchMean => 1f / (like.Rank == 0 ? 1 : like[0]),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction)),
    };

    /// <summary>Applies the reduction scale to a forward sum, in place.</summary>
    public static Tensor Reduce(Tensor sum, float scale)
    {
        if (scale != 1f)
        {
            sum.Backend.Unary(UnaryOp.Affine, sum.Buffer, 1, scale, 0f, sum.Buffer);
        }
        return sum;
    }

    public static void CheckPair(Tensor prediction, Tensor target, string name)
    {
        if (prediction.Shape != target.Shape)
        {
            throw new ArgumentException($"{name}: prediction {prediction.Shape} and target {target.Shape} must have the same shape.");
        }
        prediction.CheckSameBackend(target, name);
    }
}
