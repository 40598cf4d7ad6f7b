// input[..., start : start + length, ...] along one axis (a VAE splits its encoder output into mu and log-variance).
// Backward: a zero gradient with dy copied into the sliced region.
namespace Engine.Ops;

internal sealed class SliceNode(Tensor input, int axis, int start) : Node(input)
{
    public static Tensor Apply(Tensor x, int dim, int start, int length)
    {
        int axis = x.Shape.Axis(dim);
        var y = Copy(x, axis, start, length);
        return y.Track(() => new SliceNode(x, axis, start), x);
    }

    /// <summary>The slice as a new tensor, untracked.</summary>
    internal static Tensor Copy(Tensor x, int axis, int start, int length)
    {
        if (start < 0 || length < 0 || start + length > x.Shape[axis])
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Slice [{start}, {start + length}) is outside axis {axis} of size {x.Shape[axis]} (shape {x.Shape}).");
        }
        var y = Tensor.Empty(x.Shape.With(axis, length), x.Backend);
        int outer = x.Shape.Product(0, axis), inner = x.Shape.Product(axis + 1, x.Rank);
        x.Backend.CopyBlocks(x.Buffer, outer, length * inner, x.Shape[axis] * inner, start * inner, length * inner, 0, y.Buffer);
        return y;
    }

    public override Tensor?[] Backward(Tensor dOutput)
    {
        var dInput = Tensor.Zeros(input.Shape, input.Backend);
        int outer = input.Shape.Product(0, axis), inner = input.Shape.Product(axis + 1, input.Rank);
        int block = dOutput.Shape[axis] * inner;
        input.Backend.CopyBlocks(dOutput.Buffer, outer, block, block, 0, input.Shape[axis] * inner, start * inner, dInput.Buffer);
        return [dInput];
    }
}
