// Batch normalisation followed by LeakyReLU(slope >= 0), the course's pair, as one module: in training one primitive each
// way (Functional.BatchNorm with a leaky slope: the backend's BatchNormLeakyReluForwardTrain / Backward, no tensor in
// between), in evaluation the two in turn. Same numbers as BatchNorm then LeakyReLU. Its state is the batch norm's, under
// the batch norm's names (weight, bias, running_mean, running_var, num_batches_tracked); in a Sequential it takes the two
// positions PyTorch's BatchNorm and LeakyReLU take (Sequential.Append(layer, positions: 2)), so state-dict names match.
namespace Engine.Nn;

/// <summary>Batch normalisation then LeakyReLU(slope &gt;= 0) as one module, with the batch norm's state and names.</summary>
public abstract class BatchNormLeakyRelu : BatchNorm
{
    protected BatchNormLeakyRelu(int features, float negativeSlope, float eps, float momentum)
        : base(features, eps, momentum)
    {
        if (!(negativeSlope >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(negativeSlope), $"BatchNormLeakyRelu needs a slope >= 0 (y > 0 marks the " +
                $"normalised value > 0 only then); got {negativeSlope}. Use BatchNorm and LeakyReLU as two layers.");
        }
        NegativeSlope = negativeSlope;
    }

    /// <summary>The LeakyReLU's slope for negative inputs (0.01 in the course's blocks, 0.2 in the discriminator).</summary>
    public float NegativeSlope { get; }

    public override Tensor Forward(Tensor input) =>
        Training ? Normalise(input, NegativeSlope) : Normalise(input, leakySlope: null).LeakyRelu(NegativeSlope);
}

/// <summary>BatchNorm1d over (N, C) then LeakyReLU: PyTorch's nn.BatchNorm1d and nn.LeakyReLU in a row.</summary>
public sealed class BatchNormLeakyRelu1d(int features, float negativeSlope, float eps = 1e-5f, float momentum = 0.1f)
    : BatchNormLeakyRelu(features, negativeSlope, eps, momentum)
{
    protected override int ExpectedRank => 2;
}

/// <summary>BatchNorm2d over (N, C, H, W) per channel then LeakyReLU: PyTorch's nn.BatchNorm2d and nn.LeakyReLU in a row.</summary>
public sealed class BatchNormLeakyRelu2d(int features, float negativeSlope, float eps = 1e-5f, float momentum = 0.1f)
    : BatchNormLeakyRelu(features, negativeSlope, eps, momentum)
{
    protected override int ExpectedRank => 4;
}
