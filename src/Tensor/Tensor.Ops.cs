// The public operations on tensors, one line each, forwarding to the op files in Ops/.
namespace Engine;

using Engine.Ops;

public sealed partial class Tensor
{
    /// <summary>Elementwise sum; the smaller operand broadcasts as in NumPy when its dimensions other than 1 form one run (a scalar, a row vector, per channel).</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Count >= b.Count ? AddNode.Apply(a, b) : AddNode.Apply(b, a);

    /// <summary>Elementwise difference, broadcasting as <c>+</c>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Count >= b.Count ? SubNode.Apply(a, b) : SubNode.Apply(b, a).Neg();

    /// <summary>Elementwise product, broadcasting as <c>+</c>.</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Count >= b.Count ? MulNode.Apply(a, b) : MulNode.Apply(b, a);

    /// <summary>Elementwise quotient, broadcasting as <c>+</c>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => a.Count >= b.Count ? DivNode.Apply(a, b) : MulNode.Apply(b.Pow(-1f), a);

    /// <summary>-a.</summary>
    public static Tensor operator -(Tensor a) => a.Neg();

    /// <summary>a + b for every element.</summary>
    public static Tensor operator +(Tensor a, float b) => a.Affine(1f, b);

    /// <summary>a + b for every element.</summary>
    public static Tensor operator +(float a, Tensor b) => b.Affine(1f, a);

    /// <summary>a - b for every element.</summary>
    public static Tensor operator -(Tensor a, float b) => a.Affine(1f, -b);

    /// <summary>a - b for every element.</summary>
    public static Tensor operator -(float a, Tensor b) => b.Affine(-1f, a);

    /// <summary>a * b for every element.</summary>
    public static Tensor operator *(Tensor a, float b) => a.Affine(b, 0f);

    /// <summary>a * b for every element.</summary>
    public static Tensor operator *(float a, Tensor b) => b.Affine(a, 0f);

    /// <summary>a / b for every element.</summary>
    public static Tensor operator /(Tensor a, float b) => a.Affine(1f / b, 0f);

    /// <summary>-x.</summary>
    public Tensor Neg() => UnaryNode.Apply(UnaryOp.Neg, this);

    /// <summary>e^x.</summary>
    public Tensor Exp() => UnaryNode.Apply(UnaryOp.Exp, this);

    /// <summary>The natural logarithm.</summary>
    public Tensor Log() => UnaryNode.Apply(UnaryOp.Log, this);

    /// <summary>|x|.</summary>
    public Tensor Abs() => UnaryNode.Apply(UnaryOp.Abs, this);

    /// <summary>The square root.</summary>
    public Tensor Sqrt() => UnaryNode.Apply(UnaryOp.Sqrt, this);

    /// <summary>x^exponent.</summary>
    public Tensor Pow(float exponent) => UnaryNode.Apply(UnaryOp.Pow, this, exponent);

    /// <summary>1 / (1 + e^-x).</summary>
    public Tensor Sigmoid() => UnaryNode.Apply(UnaryOp.Sigmoid, this);

    /// <summary>tanh(x).</summary>
    public Tensor Tanh() => UnaryNode.Apply(UnaryOp.Tanh, this);

    /// <summary>max(x, 0) (gradient 0 at 0, as PyTorch).</summary>
    public Tensor Relu() => UnaryNode.Apply(UnaryOp.Relu, this);

    /// <summary>x &gt; 0 ? x : negativeSlope * x.</summary>
    public Tensor LeakyRelu(float negativeSlope = 0.01f) => UnaryNode.Apply(UnaryOp.LeakyRelu, this, negativeSlope);

    /// <summary>x limited to [min, max].</summary>
    public Tensor Clamp(float min, float max) => UnaryNode.Apply(UnaryOp.Clamp, this, min, max);

    /// <summary>scale * x + shift.</summary>
    public Tensor Affine(float scale, float shift) => UnaryNode.Apply(UnaryOp.Affine, this, scale, shift);

    /// <summary>this + weight * (end - this).</summary>
    public Tensor Lerp(Tensor end, float weight) => this + (end - this) * weight;

    /// <summary>this + weight * (end - this), weight broadcasting over this.</summary>
    public Tensor Lerp(Tensor end, Tensor weight) => this + (end - this) * weight;

    /// <summary>Matrix product (B, K) x (K, D) -&gt; (B, D).</summary>
    public Tensor MatMul(Tensor other) => MatMulNode.Apply(this, other);

    /// <summary>The same values with new dimensions (one may be -1: inferred); free for a contiguous tensor.</summary>
    public Tensor Reshape(params int[] dims) => ReshapeNode.Apply(this, dims);

    /// <summary>Keeps dimension 0 and flattens the rest: (B, ...) to (B, D).</summary>
    public Tensor Flatten() => Reshape(Shape[0], -1);

    /// <summary>The sum of all elements, as a scalar tensor (shape ()).</summary>
    public Tensor Sum() => SumNode.All(this);

    /// <summary>Sums along <paramref name="dim"/>, keeping it as size 1 when <paramref name="keepDim"/>.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => SumNode.Along(this, dim, keepDim);

    /// <summary>The mean of all elements, as a scalar tensor (shape ()).</summary>
    public Tensor Mean() => Sum() * (1f / Count);

    /// <summary>Means along <paramref name="dim"/>, keeping it as size 1 when <paramref name="keepDim"/>.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Sum(dim, keepDim) * (1f / Shape[dim]);

    /// <summary>Softmax over the last axis.</summary>
    public Tensor Softmax() => SoftmaxNode.Apply(this, log: false);

    /// <summary>Log-softmax over the last axis.</summary>
    public Tensor LogSoftmax() => SoftmaxNode.Apply(this, log: true);

    /// <summary><paramref name="length"/> entries of dimension <paramref name="dim"/> from <paramref name="start"/> (a copy).</summary>
    public Tensor Slice(int dim, int start, int length) => SliceNode.Apply(this, dim, start, length);

    /// <summary>Joins tensors along <paramref name="dim"/>; the other dimensions must agree.</summary>
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
