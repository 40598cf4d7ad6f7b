// 2-D convolution (cross-correlation) y = conv(x, W) + b: x (N, C, H, W), W (K, C, R, S), b (K), y (N, K, P, Q).
// Backward: dx = conv2d_backward_data(dy, W); dW = conv2d_backward_weight(x, dy); db = sum of dy over N, P, Q.
namespace Engine.Ops;

internal sealed class Conv2dNode(Tensor x, Tensor weight, Tensor? bias, ConvGeometry g)
    : Node(bias is null ? [x, weight] : [x, weight, bias])
{
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias, (int H, int W) stride, (int H, int W) padding)
    {
        if (x.Rank != 4 || weight.Rank != 4 || x.Shape[1] != weight.Shape[1])
        {
            throw new ArgumentException(
                $"Conv2d needs input (N, C, H, W) and weight (K, C, R, S) with the same C; got {x.Shape} and {weight.Shape}.");
        }
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0]))
        {
            throw new ArgumentException($"Conv2d bias must have shape ({weight.Shape[0]}); got {bias.Shape}.");
        }
        x.CheckSameBackend(weight, "Conv2d");
        var g = new ConvGeometry(x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], weight.Shape[0], weight.Shape[2], weight.Shape[3],
            stride.H, stride.W, padding.H, padding.W);
        g.Validate();
        var y = Tensor.Empty(new Shape(g.N, g.K, g.P, g.Q), x.Backend);
        x.Backend.Conv2dForward(x.Buffer, weight.Buffer, g, y.Buffer);
        if (bias is not null)
        {
            x.Backend.Binary(BinaryOp.Add, y.Buffer, bias.Buffer, y.Count, g.K, g.P * g.Q, y.Buffer);
        }
        return bias is null
            ? y.Track(() => new Conv2dNode(x, weight, null, g), x, weight)
            : y.Track(() => new Conv2dNode(x, weight, bias, g), x, weight, bias);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var backend = x.Backend;
        Tensor? dx = null, dWeight = null, dBias = null;
        if (Needs(0))
        {
            dx = Tensor.Empty(x.Shape, backend);
            backend.Conv2dBackwardData(dOutput.Buffer, weight.Buffer, g, dx.Buffer);
        }
        if (Needs(1))
        {
            dWeight = Tensor.Empty(weight.Shape, backend);
            backend.Conv2dBackwardWeight(x.Buffer, dOutput.Buffer, g, dWeight.Buffer);
        }
        if (bias is not null && Needs(2))
        {
            dBias = Tensor.Empty(bias.Shape, backend);
            backend.SumToMiddle(dOutput.Buffer, g.N, g.K, g.P * g.Q, dBias.Buffer);
        }
        return bias is null ? [dx, dWeight] : [dx, dWeight, dBias];
    }
}
