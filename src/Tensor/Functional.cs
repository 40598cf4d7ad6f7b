// Layer and loss functions that take their weights explicitly (the Nn modules call these).
// Letters: B = batch, N = batch of images, C = channels, H, W = height, width, K = classes or output channels.
namespace Engine;

using Engine.Ops;

/// <summary>Layer and loss functions that take their weights explicitly (the Engine.Nn modules call these); every loss states its reduction.</summary>
public static class Functional
{
    /// <summary>y = x W^T + b: x (B, I), weight (O, I), bias (O).</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null) => LinearNode.Apply(x, weight, bias);

    /// <summary>x (N, C, H, W), weight (K, C, R, S), bias (K).</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0) =>
        Conv2dNode.Apply(x, weight, bias, (stride, stride), (padding, padding));

    /// <summary>x (N, Ci, H, W), weight (Ci, Co, R, S), bias (Co).</summary>
    public static Tensor ConvTranspose2d(
        Tensor x, Tensor weight, Tensor? bias = null, int stride = 1, int padding = 0, int outputPadding = 0) =>
        ConvTranspose2dNode.Apply(x, weight, bias, (stride, stride), (padding, padding), (outputPadding, outputPadding));

    /// <summary>
    /// Batch normalisation over dimension 1 of x (N, C) or (N, C, H, W); updates the running statistics when training.
    /// With <paramref name="leakySlope"/> (training only, >= 0) a LeakyReLU follows in the same primitive.
    /// </summary>
    public static Tensor BatchNorm(
        Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, bool training,
        float momentum = 0.1f, float eps = 1e-5f, float? leakySlope = null) =>
        BatchNormNode.Apply(x, gamma, beta, runningMean, runningVar, training, momentum, eps, leakySlope);

    /// <summary>Inverted dropout: zeroes each value with probability p and scales the rest by 1 / (1 - p).</summary>
    public static Tensor Dropout(Tensor x, float p, bool training, Generator? generator = null)
    {
        if (p < 0f || p >= 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(p), $"Dropout probability must be in [0, 1); got {p}.");
        }
        if (!training || p == 0f)
        {
            return x;
        }
        using var uniform = Tensor.RandU(x.Shape, 0f, 1f, generator, x.Backend);
        var mask = Tensor.Empty(x.Shape, x.Backend);                      // U > p ? 1 / (1 - p) : 0
        x.Backend.Unary(UnaryOp.Step, uniform.Buffer, x.Count, p, 1f / (1f - p), mask.Buffer);
        return x * mask;
    }

    public static Tensor BinaryCrossEntropy(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        BinaryCrossEntropyNode.Apply(prediction, target, reduction);

    public static Tensor MseLoss(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        ErrorLoss.Apply(prediction, target, absolute: false, reduction);

    public static Tensor L1Loss(Tensor prediction, Tensor target, Reduction reduction = Reduction.Mean) =>
        ErrorLoss.Apply(prediction, target, absolute: true, reduction);

    /// <summary>Cross-entropy of logits (B, K) against one-hot or soft targets (B, K).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target, Reduction reduction = Reduction.Mean) =>
        CrossEntropyNode.Apply(logits, target, reduction);

    /// <summary>Cross-entropy of logits (B, K) against class labels.</summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels, Reduction reduction = Reduction.Mean)
    {
        var target = Tensor.OneHot(labels, logits.Shape[1], logits.Backend);       // the node keeps it for Backward
        return CrossEntropyNode.Apply(logits, target, reduction);
    }

    /// <summary>KL(N(mu, exp(logVar)) || N(0, I)).</summary>
    public static Tensor GaussianKl(Tensor mu, Tensor logVar, Reduction reduction = Reduction.Sum) =>
        GaussianKlLoss.Apply(mu, logVar, reduction);

    /// <summary>sum_j KL(Bernoulli(rho) || Bernoulli(q_j)) for mean activations q (Z).</summary>
    public static Tensor SparsityKl(Tensor meanActivation, float rho) => SparsityKlLoss.Apply(meanActivation, rho);

    /// <summary>z = mu + eps * exp(logVar / 2), eps ~ N(0, I).</summary>
    public static Tensor Reparametrize(Tensor mu, Tensor logVar, Generator? generator = null) =>
        ReparametrizeNode.Apply(mu, logVar, generator ?? Generator.Default);
}
