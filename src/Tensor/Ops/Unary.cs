// Elementwise functions y = f(x): neg, exp, log, abs, sqrt, pow, sigmoid, tanh, relu, leaky relu, clamp, affine.
// Forward: y = f(x). Backward: dx = dy * f'(x); each f and f' is written out in Kernels/Cpu/Reference/ReferenceElementwise.cs.
namespace Engine.Ops;

internal sealed class UnaryNode(UnaryOp op, Tensor input, Tensor output, float alpha, float beta) : Node(input)
{
    public override string Name => op.ToString();

    public static Tensor Apply(UnaryOp op, Tensor x, float alpha = 0f, float beta = 0f)
    {
        var y = Tensor.Empty(x.Shape, x.Backend);
        x.Backend.Unary(op, x.Buffer, x.Count, alpha, beta, y.Buffer);
        return y.Track(() => new UnaryNode(op, x, y, alpha, beta), x);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dInput = Tensor.Empty(input.Shape, input.Backend);
        input.Backend.UnaryBackward(op, input.Buffer, output.Buffer, dOutput.Buffer, input.Count, alpha, beta, dInput.Buffer);
        return [dInput];
    }
}
