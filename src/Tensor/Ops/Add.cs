// y = a + b (b may broadcast over a). Backward: da = dy; db = dy summed over the broadcast axes.
namespace Engine.Ops;

internal sealed class AddNode(Tensor a, Tensor b, Broadcast bc) : Node(a, b)
{
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var bc = Broadcast.Of(a.Shape, b.Shape, "Add");
        return Broadcast.Apply(BinaryOp.Add, a, b, bc).Track(() => new AddNode(a, b, bc), a, b);
    }

    public override Tensor?[] Backward(Tensor dOutput) =>
    [
        Needs(0) ? dOutput.View(dOutput.Shape) : null,
        Needs(1) ? bc.Reduce(dOutput, b.Shape) : null,
    ];
}
