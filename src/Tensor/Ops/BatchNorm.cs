// Batch normalisation of x (N, C) or (N, C, H, W) per channel c over the M = N * H * W values:
//   y = (x - mean_c) / sqrt(var_c + eps) * gamma_c + beta_c.
// Training: batch statistics (biased variance), saved for the backward, and running statistics updated in place,
// running = (1 - momentum) running + momentum batch (unbiased variance), as PyTorch. Evaluation: running statistics.
// Backward (training): dbeta = sum dy; dgamma = sum dy xhat; dx = gamma invStd / M (M dy - dbeta - xhat dgamma).
// Backward (evaluation): the statistics are constants, so dx = dy gamma invStd.
// With a LeakyReLU slope (training only): y = LeakyReLU(batch-norm(x)) as one primitive, and the backward takes dy of
// that: dz = dy (z > 0 ? 1 : slope) with z the batch-norm output, which is never stored (the course's block in one op).
namespace Engine.Ops;

internal sealed class BatchNormNode(
    Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor invStd, bool training, int n, int c, int s,
    float? leakySlope = null, Tensor? output = null)
    : Node(x, gamma, beta)
{
    private static Tensor? Drop(Tensor t)
    {
        t.Dispose();
        return null;
    }

    public static Tensor Apply(
        Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, bool training, float momentum, float eps,
        float? leakySlope = null)
    {
        if (leakySlope is < 0f || (leakySlope is not null && !training))
        {
            throw new ArgumentException("BatchNorm with a LeakyReLU needs training mode and a slope >= 0; " +
                $"got training = {training}, slope {leakySlope}.");
        }
        if (x.Rank < 2 || gamma.Rank != 1 || gamma.Shape[0] != x.Shape[1] || beta.Shape != gamma.Shape
            || runningMean.Shape != gamma.Shape || runningVar.Shape != gamma.Shape)
        {
            throw new ArgumentException(
                $"BatchNorm needs x (N, C, ...) with gamma, beta, running mean and variance of shape (C); got x {x.Shape}, " +
                $"gamma {gamma.Shape}, beta {beta.Shape}, running {runningMean.Shape}/{runningVar.Shape}.");
        }
        int n = x.Shape[0], c = x.Shape[1], s = x.Shape.Product(2, x.Rank);
        if (training && n * s < 2)
        {
            throw new ArgumentException($"BatchNorm in training mode needs more than one value per channel; got {x.Shape}. " +
                "Use a batch larger than 1 or call Eval().");
        }
        var backend = x.Backend;
        var y = Tensor.Empty(x.Shape, backend);
        bool track = Tracking.ShouldTrack(x, gamma, beta);
        Tensor mean, invStd;
        if (training)
        {
            mean = Tensor.Empty(gamma.Shape, backend);
            invStd = Tensor.Empty(gamma.Shape, backend);
            if (leakySlope is float slope)
            {
                backend.BatchNormLeakyReluForwardTrain(x.Buffer, gamma.Buffer, beta.Buffer, n, c, s, eps, momentum, slope,
                    y.Buffer, mean.Buffer, invStd.Buffer, runningMean.Buffer, runningVar.Buffer);
            }
            else
            {
                backend.BatchNormForwardTrain(x.Buffer, gamma.Buffer, beta.Buffer, n, c, s, eps, momentum,
                    y.Buffer, mean.Buffer, invStd.Buffer, runningMean.Buffer, runningVar.Buffer);
            }
            if (!track)
            {
                mean.Dispose();
                invStd.Dispose();
                return y;
            }
        }
        else
        {
            backend.BatchNormForwardEval(x.Buffer, gamma.Buffer, beta.Buffer, runningMean.Buffer, runningVar.Buffer,
                n, c, s, eps, y.Buffer);
            if (!track)
            {
                return y;
            }
            mean = runningMean.Copy();                                         // the running values may change later
            invStd = Tensor.Empty(gamma.Shape, backend);                       // (var + eps)^-1/2
            backend.Unary(UnaryOp.Affine, runningVar.Buffer, c, 1f, eps, invStd.Buffer);
            backend.Unary(UnaryOp.Pow, invStd.Buffer, c, -0.5f, 0f, invStd.Buffer);
        }
        return y.Track(() => new BatchNormNode(x, gamma, beta, mean, invStd, training, n, c, s, leakySlope, y), x, gamma, beta);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var backend = x.Backend;
        var dx = Tensor.Empty(x.Shape, backend);
        var dGamma = Tensor.Empty(gamma.Shape, backend);
        var dBeta = Tensor.Empty(beta.Shape, backend);
        if (leakySlope is float slope)
        {
            backend.BatchNormLeakyReluBackward(x.Buffer, gamma.Buffer, beta.Buffer, mean.Buffer, invStd.Buffer, output!.Buffer,
                dOutput.Buffer, n, c, s, slope, dx.Buffer, dGamma.Buffer, dBeta.Buffer);
        }
        else if (training)
        {
            backend.BatchNormBackward(x.Buffer, gamma.Buffer, mean.Buffer, invStd.Buffer, dOutput.Buffer, n, c, s,
                dx.Buffer, dGamma.Buffer, dBeta.Buffer);
        }
        else
        {
            using var xhat = Tensor.Empty(x.Shape, backend);                   // (x - mean) * invStd
            backend.Binary(BinaryOp.Sub, x.Buffer, mean.Buffer, x.Count, c, s, xhat.Buffer);
            backend.Binary(BinaryOp.Mul, xhat.Buffer, invStd.Buffer, x.Count, c, s, xhat.Buffer);
            backend.Binary(BinaryOp.Mul, xhat.Buffer, dOutput.Buffer, x.Count, x.Count, 1, xhat.Buffer);
            backend.SumToMiddle(xhat.Buffer, n, c, s, dGamma.Buffer);
            backend.SumToMiddle(dOutput.Buffer, n, c, s, dBeta.Buffer);
            using var scale = Tensor.Empty(gamma.Shape, backend);              // gamma * invStd
            backend.Binary(BinaryOp.Mul, gamma.Buffer, invStd.Buffer, c, c, 1, scale.Buffer);
            backend.Binary(BinaryOp.Mul, dOutput.Buffer, scale.Buffer, x.Count, c, s, dx.Buffer);
        }
        return [Needs(0) ? dx : Drop(dx), Needs(1) ? dGamma : Drop(dGamma), Needs(2) ? dBeta : Drop(dBeta)];
    }
}
