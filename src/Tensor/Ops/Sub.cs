// y = a - b (b may broadcast over a). Backward: da = dy; db = -(dy summed over the broadcast axes).
namespace Engine.Ops;

internal sealed class SubNode(Tensor a, Tensor b, Broadcast bc) : Node(a, b)
{
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var bc = Broadcast.Of(a.Shape, b.Shape, "Sub");
        return Broadcast.Apply(BinaryOp.Sub, a, b, bc).Track(() => new SubNode(a, b, bc), a, b);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        Tensor? db = null;
        if (Needs(1))
        {
            db = bc.Reduce(dOutput, b.Shape);
            db.Backend.Unary(UnaryOp.Neg, db.Buffer, db.Count, 0f, 0f, db.Buffer);
        }
        return [Needs(0) ? dOutput.View(dOutput.Shape) : null, db];
    }
}
