// y = a * b elementwise (b may broadcast over a). Backward: da = dy * b; db = sum over broadcast axes of dy * a.
namespace Engine.Ops;

internal sealed class MulNode(Tensor a, Tensor b, Broadcast bc) : Node(a, b)
{
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var bc = Broadcast.Of(a.Shape, b.Shape, "Mul");
        return Broadcast.Apply(BinaryOp.Mul, a, b, bc).Track(() => new MulNode(a, b, bc), a, b);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var da = Needs(0) ? Broadcast.Apply(BinaryOp.Mul, dOutput, b, bc) : null;
        Tensor? db = null;
        if (Needs(1))
        {
            using var product = Broadcast.Apply(BinaryOp.Mul, dOutput, a, Broadcast.Of(a.Shape, a.Shape, "Mul"));
            db = bc.Reduce(product, b.Shape);
        }
        return [da, db];
    }
}
