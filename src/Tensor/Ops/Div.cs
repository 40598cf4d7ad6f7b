// y = a / b elementwise (b may broadcast over a). Backward: da = dy / b; db = -sum over broadcast axes of dy * y / b.
namespace Engine.Ops;

internal sealed class DivNode(Tensor a, Tensor b, Tensor y, Broadcast bc) : Node(a, b)
{
    public static Tensor Apply(Tensor a, Tensor b)
    {
        var bc = Broadcast.Of(a.Shape, b.Shape, "Div");
        var y = Broadcast.Apply(BinaryOp.Div, a, b, bc);
        return y.Track(() => new DivNode(a, b, y, bc), a, b);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var da = Needs(0) ? Broadcast.Apply(BinaryOp.Div, dOutput, b, bc) : null;
        Tensor? db = null;
        if (Needs(1))
        {
            using var dyTimesY = Broadcast.Apply(BinaryOp.Mul, dOutput, y, Broadcast.Of(y.Shape, y.Shape, "Div"));
            using var quotient = Broadcast.Apply(BinaryOp.Div, dyTimesY, b, bc);
            db = bc.Reduce(quotient, b.Shape);
            db.Backend.Unary(UnaryOp.Neg, db.Buffer, db.Count, 0f, 0f, db.Buffer);
        }
        return [da, db];
    }
}
