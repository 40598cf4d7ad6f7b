// How a smaller operand b repeats over a: b's non-1 dimensions (aligned right, numpy style) must be one
// contiguous run of a's dimensions; then b[(i / inner) % length] pairs with a[i]. Covers scalars, per-column
// vectors over (B, D), per-row (B, 1) and per-channel (1, C, 1, 1) over (N, C, H, W).
namespace Engine.Ops;

internal readonly record struct Broadcast(int Length, int Inner, int Outer)
{
    public static Broadcast Of(Shape a, Shape b, string op)
    {
        if (a == b) return new Broadcast(a.Count, 1, 1);
        if (b.Count == 1) return new Broadcast(1, 1, a.Count);
        if (b.Rank > a.Rank) throw Error(a, b, op);
        int pad = a.Rank - b.Rank;
        int first = -1, last = -1;
        for (int i = 0; i < a.Rank; i++)
        {
            int bDim = i < pad ? 1 : b[i - pad];
            if (bDim == 1) continue;
            if (bDim != a[i]) throw Error(a, b, op);
            if (first < 0) first = i;
            else if (last != i - 1) throw Error(a, b, op);   // a gap of 1s inside the run
            last = i;
        }
        return new Broadcast(a.Product(first, last + 1), a.Product(last + 1, a.Rank), a.Product(0, first));
    }

    /// <summary>The gradient of b: dOutput summed over the axes b was repeated along, in b's shape.</summary>
    public Tensor Reduce(Tensor dOutput, Shape bShape)
    {
        var db = Tensor.Empty(bShape, dOutput.Backend);
        if (Length == dOutput.Count)
        {
            dOutput.Backend.CopyBlocks(dOutput.Buffer, 1, Length, Length, 0, Length, 0, db.Buffer);
        }
        else
        {
            dOutput.Backend.SumToMiddle(dOutput.Buffer, Outer, Length, Inner, db.Buffer);
        }
        return db;
    }

    /// <summary>output = a (op) b with b broadcast as described by <paramref name="bc"/>.</summary>
    public static Tensor Apply(BinaryOp op, Tensor a, Tensor b, Broadcast bc)
    {
        a.CheckSameBackend(b, op.ToString());
        var output = Tensor.Empty(a.Shape, a.Backend);
        a.Backend.Binary(op, a.Buffer, b.Buffer, a.Count, bc.Length, bc.Inner, output.Buffer);
        return output;
    }

    private static ArgumentException Error(Shape a, Shape b, string op) => new(
        $"{op}: shape {b} does not broadcast over {a}. Supported: equal shapes, a scalar, or b's dimensions " +
        "matching one contiguous run of a's (e.g. (D) over (B, D), (B, 1) over (B, D), (1, C, 1, 1) over (N, C, H, W)).");
}
