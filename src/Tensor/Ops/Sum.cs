// Sum of all elements (a scalar) or along one axis. Backward: dy repeated over the summed axis.
namespace Engine.Ops;

internal sealed class SumNode(Tensor input, int outer, int middle, int inner) : Node(input)
{
    public static Tensor All(Tensor x)
    {
        var y = Tensor.Empty(new Shape(), x.Backend);
        x.Backend.Sum(x.Buffer, 1, x.Count, 1, y.Buffer);
        return y.Track(() => new SumNode(x, 1, x.Count, 1), x);
    }

    public static Tensor Along(Tensor x, int dim, bool keepDim)
    {
        int axis = x.Shape.Axis(dim);
        int outer = x.Shape.Product(0, axis), middle = x.Shape[axis], inner = x.Shape.Product(axis + 1, x.Rank);
        var dims = x.Shape.ToArray().ToList();
        if (keepDim) dims[axis] = 1; else dims.RemoveAt(axis);
        var y = Tensor.Empty(new Shape(dims.ToArray()), x.Backend);
        x.Backend.Sum(x.Buffer, outer, middle, inner, y.Buffer);
        return y.Track(() => new SumNode(x, outer, middle, inner), x);
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var backend = input.Backend;
        var dInput = Tensor.Empty(input.Shape, backend);
        if (outer == 1 || inner == 1)
        {
            // dInput[o, m, i] = dy[o, i]: one broadcast add onto zeros.
            backend.Fill(0f, dInput.Count, dInput.Buffer);
            int length = outer == 1 ? inner : outer, repeat = outer == 1 ? 1 : middle;
            backend.Binary(BinaryOp.Add, dInput.Buffer, dOutput.Buffer, dInput.Count, length, repeat, dInput.Buffer);
        }
        else
        {
            for (int m = 0; m < middle; m++)
            {
                backend.CopyBlocks(dOutput.Buffer, outer, inner, inner, 0, middle * inner, m * inner, dInput.Buffer);
            }
        }
        return [dInput];
    }
}
