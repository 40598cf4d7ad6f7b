// The public operations on tensors, one line each, forwarding to the op files in Ops/.
namespace Engine;

using Engine.Ops;

public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => a.Count >= b.Count ? AddNode.Apply(a, b) : AddNode.Apply(b, a);

    public static Tensor operator -(Tensor a, Tensor b) => a.Count >= b.Count ? SubNode.Apply(a, b) : SubNode.Apply(b, a).Neg();

    public static Tensor operator *(Tensor a, Tensor b) => a.Count >= b.Count ? MulNode.Apply(a, b) : MulNode.Apply(b, a);

    public static Tensor operator /(Tensor a, Tensor b) => a.Count >= b.Count ? DivNode.Apply(a, b) : MulNode.Apply(b.Pow(-1f), a);

    public static Tensor operator -(Tensor a) => a.Neg();

    public static Tensor operator +(Tensor a, float b) => a.Affine(1f, b);

    public static Tensor operator +(float a, Tensor b) => b.Affine(1f, a);

    public static Tensor operator -(Tensor a, float b) => a.Affine(1f, -b);

    public static Tensor operator -(float a, Tensor b) => b.Affine(-1f, a);

    public static Tensor operator *(Tensor a, float b) => a.Affine(b, 0f);

    public static Tensor operator *(float a, Tensor b) => b.Affine(a, 0f);

    public static Tensor operator /(Tensor a, float b) => a.Affine(1f / b, 0f);

    public Tensor Neg() => UnaryNode.Apply(UnaryOp.Neg, this);

    public Tensor Exp() => UnaryNode.Apply(UnaryOp.Exp, this);

    public Tensor Log() => UnaryNode.Apply(UnaryOp.Log, this);

    public Tensor Abs() => UnaryNode.Apply(UnaryOp.Abs, this);

    public Tensor Sqrt() => UnaryNode.Apply(UnaryOp.Sqrt, this);

    public Tensor Pow(float exponent) => UnaryNode.Apply(UnaryOp.Pow, this, exponent);

    public Tensor Sigmoid() => UnaryNode.Apply(UnaryOp.Sigmoid, this);

    public Tensor Tanh() => UnaryNode.Apply(UnaryOp.Tanh, this);

    public Tensor Relu() => UnaryNode.Apply(UnaryOp.Relu, this);

    public Tensor LeakyRelu(float negativeSlope = 0.01f) => UnaryNode.Apply(UnaryOp.LeakyRelu, this, negativeSlope);

    public Tensor Clamp(float min, float max) => UnaryNode.Apply(UnaryOp.Clamp, this, min, max);

    /// <summary>scale * x + shift.</summary>
    public Tensor Affine(float scale, float shift) => UnaryNode.Apply(UnaryOp.Affine, this, scale, shift);

    /// <summary>this + weight * (end - this).</summary>
    public Tensor Lerp(Tensor end, float weight) => this + (end - this) * weight;

    /// <summary>this + weight * (end - this), weight broadcasting over this.</summary>
    public Tensor Lerp(Tensor end, Tensor weight) => this + (end - this) * weight;

    public Tensor MatMul(Tensor other) => MatMulNode.Apply(this, other);

    public Tensor Reshape(params int[] dims) => ReshapeNode.Apply(this, dims);

    /// <summary>Keeps dimension 0 and flattens the rest: (B, ...) to (B, D).</summary>
    public Tensor Flatten() => Reshape(Shape[0], -1);

    public Tensor Sum() => SumNode.All(this);

    public Tensor Sum(int dim, bool keepDim = false) => SumNode.Along(this, dim, keepDim);

    public Tensor Mean() => Sum() * (1f / Count);

    public Tensor Mean(int dim, bool keepDim = false) => Sum(dim, keepDim) * (1f / Shape[dim]);

    /// <summary>Softmax over the last axis.</summary>
    public Tensor Softmax() => SoftmaxNode.Apply(this, log: false);

    /// <summary>Log-softmax over the last axis.</summary>
    public Tensor LogSoftmax() => SoftmaxNode.Apply(this, log: true);

    public Tensor Slice(int dim, int start, int length) => SliceNode.Apply(this, dim, start, length);

    public static Tensor Concat(int dim, params Tensor[] tensors) => ConcatNode.Apply(tensors, dim);

    /// <summary>A new tensor with this one's values (untracked).</summary>
    public Tensor Copy()
    {
        var copy = Empty(Shape, Backend);
        copy.CopyFrom(this);
        return copy;
    }

    /// <summary>The same storage seen with another shape of the same size (untracked).</summary>
    internal Tensor View(Shape shape) => new(Storage.AddReference(), shape);
}
