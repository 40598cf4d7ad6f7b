// Concatenation along one axis (a conditional model appends one-hot labels to its input). Viewing each input
// as (outer, size_i * inner), its rows are copied side by side. Backward: each input gets its slice of dy.
namespace Engine.Ops;

internal sealed class ConcatNode(Tensor[] parts, int axis) : Node(parts)
{
    public static Tensor Apply(Tensor[] inputs, int dim)
    {
        if (inputs.Length == 0) throw new ArgumentException("Concat needs at least one tensor.");
        var first = inputs[0];
        int axis = first.Shape.Axis(dim);
        int total = 0;
        foreach (var t in inputs)
        {
            first.CheckSameBackend(t, "Concat");
            if (t.Rank != first.Rank || Enumerable.Range(0, t.Rank).Any(d => d != axis && t.Shape[d] != first.Shape[d]))
            {
                throw new ArgumentException($"Concat along axis {axis}: shapes {first.Shape} and {t.Shape} differ elsewhere.");
            }
            total += t.Shape[axis];
        }
        var y = Tensor.Empty(first.Shape.With(axis, total), first.Backend);
        int outer = first.Shape.Product(0, axis), inner = first.Shape.Product(axis + 1, first.Rank);
        int offset = 0;
        foreach (var t in inputs)
        {
            int block = t.Shape[axis] * inner;
            t.Backend.CopyBlocks(t.Buffer, outer, block, block, 0, total * inner, offset * inner, y.Buffer);
            offset += t.Shape[axis];
        }
        return y.Track(() => new ConcatNode(inputs, axis), inputs);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var grads = new Tensor?[Inputs.Length];
        int offset = 0;
        for (int i = 0; i < Inputs.Length; i++)
        {
            if (Needs(i))
            {
                grads[i] = SliceNode.Copy(dOutput, axis, offset, Inputs[i].Shape[axis]);
            }
            offset += Inputs[i].Shape[axis];
        }
        return grads;
    }
}
