// Batch normalisation layers (PyTorch nn.BatchNorm1d over (N, C), nn.BatchNorm2d over (N, C, H, W)):
// parameters weight = gamma (C), bias = beta (C); buffers running_mean, running_var (C) and num_batches_tracked (int64).
namespace Engine.Nn;

/// <summary>Batch normalisation over channels: weight, bias, running_mean, running_var and num_batches_tracked, as PyTorch names them.</summary>
public abstract class BatchNorm : Module
{
    private readonly StateBuffer _batchesTracked;

    protected BatchNorm(int features, float eps, float momentum)
    {
        (Features, Eps, Momentum) = (features, eps, momentum);
        Weight = AddParameter("weight", Tensor.Ones(new Shape(features)));
        Bias = AddParameter("bias", Tensor.Zeros(new Shape(features)));
        RunningMean = AddBuffer("running_mean", new StateBuffer(Tensor.Zeros(new Shape(features))));
        RunningVar = AddBuffer("running_var", new StateBuffer(Tensor.Ones(new Shape(features))));
        _batchesTracked = AddBuffer("num_batches_tracked", new StateBuffer(0L));
    }

    public int Features { get; }

    public float Eps { get; }

    public float Momentum { get; }

    public Parameter Weight { get; }         // gamma (C)

    public Parameter Bias { get; }           // beta (C)

    public StateBuffer RunningMean { get; }  // (C)

    public StateBuffer RunningVar { get; }   // (C)

    public long BatchesTracked => _batchesTracked.Counter;

    protected abstract int ExpectedRank { get; }

    public override Tensor Forward(Tensor input) => Normalise(input, leakySlope: null);

    /// <summary>The normalised input; with <paramref name="leakySlope"/> (training only), LeakyReLU applied in the same primitive.</summary>
    protected Tensor Normalise(Tensor input, float? leakySlope)
    {
        if (input.Rank != ExpectedRank || input.Shape[1] != Features)
        {
            throw new ArgumentException($"{GetType().Name}({Features}) expects rank {ExpectedRank} input with {Features} " +
                $"channels in dimension 1; got {input.Shape}.");
        }
        if (Training)
        {
            _batchesTracked.Counter++;
        }
        return Functional.BatchNorm(input, Weight, Bias, RunningMean.Values!, RunningVar.Values!, Training, Momentum, Eps,
            leakySlope);
    }
}

/// <summary>Batch normalisation of (N, C) inputs (PyTorch nn.BatchNorm1d).</summary>
public sealed class BatchNorm1d(int features, float eps = 1e-5f, float momentum = 0.1f) : BatchNorm(features, eps, momentum)
{
    protected override int ExpectedRank => 2;
}

/// <summary>Batch normalisation of (N, C, H, W) inputs per channel (PyTorch nn.BatchNorm2d).</summary>
public sealed class BatchNorm2d(int features, float eps = 1e-5f, float momentum = 0.1f) : BatchNorm(features, eps, momentum)
{
    protected override int ExpectedRank => 4;
}
