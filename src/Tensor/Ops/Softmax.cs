// softmax(x)_j = e^{x_j} / sum_k e^{x_k} over the last axis, or its logarithm (log-softmax), max-subtracted.
// Backward from the output y: softmax dx = y (dy - sum(dy y)); log-softmax dx = dy - e^y sum(dy).
namespace Engine.Ops;

internal sealed class SoftmaxNode(Tensor input, Tensor output, bool log) : Node(input)
{
    public override string Name => log ? "LogSoftmax" : "Softmax";

    public static Tensor Apply(Tensor x, bool log)
    {
        if (x.Rank == 0) throw new ArgumentException("Softmax needs at least one axis.");
        int cols = x.Shape[-1], rows = x.Count / cols;
        var y = Tensor.Empty(x.Shape, x.Backend);
        x.Backend.Softmax(x.Buffer, rows, cols, log, y.Buffer);
        return y.Track(() => new SoftmaxNode(x, y, log), x);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        int cols = input.Shape[-1], rows = input.Count / cols;
        var dInput = Tensor.Empty(input.Shape, input.Backend);
        input.Backend.SoftmaxBackward(output.Buffer, dOutput.Buffer, rows, cols, log, dInput.Buffer);
        return [dInput];
    }
}
