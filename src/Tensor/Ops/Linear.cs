// A fully connected layer: y = x W^T + b, x (B, I), W (O, I), b (O); B = batch, I = inputs, O = outputs.
// Backward: dx = dy W; dW = dy^T x; db = sum over the batch of dy.
namespace Engine.Ops;

internal sealed class LinearNode(Tensor x, Tensor weight, Tensor? bias) : Node(bias is null ? [x, weight] : [x, weight, bias])
{
    public static Tensor Apply(Tensor x, Tensor weight, Tensor? bias)
    {
        if (x.Rank != 2 || weight.Rank != 2 || x.Shape[1] != weight.Shape[1]
            || (bias is not null && (bias.Rank != 1 || bias.Shape[0] != weight.Shape[0])))
        {
            throw new ArgumentException(
                $"Linear needs x (B, I), weight (O, I), bias (O); got x {x.Shape}, weight {weight.Shape}, bias {bias?.Shape}.");
        }
        x.CheckSameBackend(weight, "Linear");
        int batch = x.Shape[0], inputs = x.Shape[1], outputs = weight.Shape[0];
        var y = Tensor.Empty(new Shape(batch, outputs), x.Backend);
        x.Backend.Gemm(x.Buffer, weight.Buffer, batch, outputs, inputs, false, true, 1f, 0f, y.Buffer);
        if (bias is not null)
        {
            x.Backend.Binary(BinaryOp.Add, y.Buffer, bias.Buffer, y.Count, outputs, 1, y.Buffer);
        }
        return bias is null
            ? y.Track(() => new LinearNode(x, weight, null), x, weight)
            : y.Track(() => new LinearNode(x, weight, bias), x, weight, bias);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        int batch = x.Shape[0], inputs = x.Shape[1], outputs = weight.Shape[0];
        var backend = x.Backend;
        Tensor? dx = null, dWeight = null, dBias = null;
        if (Needs(0))
        {
            dx = Tensor.Empty(x.Shape, backend);
            backend.Gemm(dOutput.Buffer, weight.Buffer, batch, inputs, outputs, false, false, 1f, 0f, dx.Buffer);
        }
        if (Needs(1))
        {
            dWeight = Tensor.Empty(weight.Shape, backend);
            backend.Gemm(dOutput.Buffer, x.Buffer, outputs, inputs, batch, true, false, 1f, 0f, dWeight.Buffer);
        }
        if (bias is not null && Needs(2))
        {
            dBias = Tensor.Empty(bias.Shape, backend);
            backend.SumToMiddle(dOutput.Buffer, batch, outputs, 1, dBias.Buffer);
        }
        return bias is null ? [dx, dWeight] : [dx, dWeight, dBias];
    }
}
