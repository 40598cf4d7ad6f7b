// A view with new dimensions over the same storage (free: tensors are contiguous). Backward: the same view back.
namespace Engine.Ops;

internal sealed class ReshapeNode(Tensor input) : Node(input)
{
    public static Tensor Apply(Tensor x, int[] dims)
    {
        var shape = x.Shape.Reshape(dims);
        return x.View(shape).Track(() => new ReshapeNode(x), x);
    }

    public override Tensor?[] Backward(Tensor dOutput) => [dOutput.View(input.Shape)];
}
