// Transposed 2-D convolution: x (N, Ci, H, W), W (Ci, Co, R, S) as PyTorch stores it, b (Co),
// y (N, Co, H', W') with H' = (H - 1) * stride - 2 * padding + R + outputPadding.
// It is the adjoint of the convolution g from y's shape to x's shape (g's input channels Co, output channels Ci),
// so: forward = g's backward-data; dx = g's forward of dy; dW = g's backward-weight with (input dy, dOutput x).
namespace Engine.Ops;

internal sealed class ConvTranspose2dNode(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g)
    : Node(bias is null ? [x, weight] : [x, weight, bias])
{
    public static Tensor Apply(
        Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding, (int H, int W) outputPadding)
    {
        if (x.Rank != 4 || weight.Rank != 4 || x.Shape[1] != weight.Shape[0])
        {
            throw new ArgumentException(
                $"ConvTranspose2d needs input (N, Ci, H, W) and weight (Ci, Co, R, S); got {x.Shape} and {weight.Shape}.");
        }
        if (outputPadding.H < 0 || outputPadding.W < 0 || outputPadding.H >= stride.H || outputPadding.W >= stride.W)
        {
            throw new ArgumentException($"ConvTranspose2d output padding {outputPadding} must be in [0, stride {stride}).");
        }
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[1]))
        {
            throw new ArgumentException($"ConvTranspose2d bias must have shape ({weight.Shape[1]}); got {bias.Shape}.");
        }
        x.CheckSameBackend(weight, "ConvTranspose2d");
        int n = x.Shape[0], ci = x.Shape[1], co = weight.Shape[1], r = weight.Shape[2], s = weight.Shape[3];
        int outH = (x.Shape[2] - 1) * stride.H - 2 * padding.H + r + outputPadding.H;
        int outW = (x.Shape[3] - 1) * stride.W - 2 * padding.W + s + outputPadding.W;
        if (outH <= 0 || outW <= 0)
        {
            throw new ArgumentException($"ConvTranspose2d of {x.Shape} with kernel {r}x{s}, padding {padding} has no output.");
        }
        var g = new ConvGeometry(n, co, outH, outW, ci, r, s, stride.H, stride.W, padding.H, padding.W);
        g.Validate();
        var y = Tensor.Empty(new Shape(n, co, outH, outW), x.Backend);
        x.Backend.Conv2dBackwardData(x.Buffer, weight.Buffer, g, y.Buffer);
        if (bias is not null)
        {
            x.Backend.Binary(BinaryOp.Add, y.Buffer, bias.Buffer, y.Count, co, outH * outW, y.Buffer);
        }
        return bias is null
            ? y.Track(() => new ConvTranspose2dNode(x, weight, null, g), x, weight)
            : y.Track(() => new ConvTranspose2dNode(x, weight, bias, g), x, weight, bias);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var backend = x.Backend;
        Tensor? dx = null, dWeight = null, dBias = null;
        if (Needs(0))
        {
            dx = Tensor.Empty(x.Shape, backend);
            backend.Conv2dForward(dOutput.Buffer, weight.Buffer, g, dx.Buffer);
        }
        if (Needs(1))
        {
            dWeight = Tensor.Empty(weight.Shape, backend);
            backend.Conv2dBackwardWeight(dOutput.Buffer, x.Buffer, g, dWeight.Buffer);
        }
        if (bias is not null && Needs(2))
        {
            dBias = Tensor.Empty(bias.Shape, backend);
            backend.SumToMiddle(dOutput.Buffer, g.N, g.C, g.H * g.W, dBias.Buffer);
        }
        return bias is null ? [dx, dWeight] : [dx, dWeight, dBias];
    }
}
