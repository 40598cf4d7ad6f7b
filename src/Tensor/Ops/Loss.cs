// Shared plumbing of the losses: the reduction scale, applying it to a sum, and the prediction/target check.
namespace Engine.Ops;

internal static class Loss
{
    /// <summary>1 for a sum, 1/count for a mean, 1/batch for a batch mean.</summary>
    public static float Scale(Reduction reduction, Tensor like, int count) => reduction switch
    {
        Reduction.Sum => 1f,
        Reduction.Mean => 1f / count,
        Reduction.BatchMean => 1f / (like.Rank == 0 ? 1 : like.Shape[0]),
        _ => throw new ArgumentOutOfRangeException(nameof(reduction)),
    };

    /// <summary>A composed loss's sum times the reduction scale (a differentiable op unless the scale is 1).</summary>
    public static Tensor Scaled(Tensor sum, float scale) => scale == 1f ? sum : sum * scale;

    /// <summary>Applies the reduction scale to a fused forward sum, in place.</summary>
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
