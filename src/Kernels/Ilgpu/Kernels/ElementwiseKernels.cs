// Elementwise maps. Reference: Cpu/Reference/ReferenceElementwise.cs (Apply, UnaryBackward, Binary, AddScaled).
// Thread mapping: 1-D grid-stride loops, one element per thread per iteration; no shared memory.
// op codes are the C# enums UnaryOp and BinaryOp (ElementwiseOps.cs), passed as int.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class ElementwiseKernels
{
    /// <summary>output[i] = f(input[i]; alpha, beta).</summary>
    [Kernel]
    public static void Unary(ArrayView<float> input, int op, int count, float alpha, float beta, ArrayView<float> output)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            output[i] = Apply(op, input[i], alpha, beta);
        }
    }

    /// <summary>dInput[i] = dOutput[i] * f'(input[i]), using output[i] = f(input[i]) where the reference does. Writes (=).</summary>
    [Kernel]
    public static void UnaryBackward(
        ArrayView<float> input, ArrayView<float> output, ArrayView<float> dOutput, int op, int count, float alpha, float beta,
        ArrayView<float> dInput)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            dInput[i] = dOutput[i] * Derivative(op, input[i], output[i], alpha, beta);
        }
    }

    /// <summary>output[i] = a[i] (op) b[(i / bInner) % bLength]; a and output may alias (in-place updates).</summary>
    [Kernel]
    public static void Binary(ArrayView<float> a, ArrayView<float> b, int op, int count, int bLength, int bInner, ArrayView<float> output)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            float x = a[i], y = b[i / bInner % bLength];
            output[i] = op switch
            {
                (int)BinaryOp.Add => x + y,
                (int)BinaryOp.Sub => x - y,
                (int)BinaryOp.Mul => x * y,
                (int)BinaryOp.Div => x / y,
                _ => float.NaN,
            };
        }
    }

    /// <summary>output[i] = a[i] + b[i] * scale (axpy; also the gradient accumulator).</summary>
    [Kernel]
    public static void AddScaled(ArrayView<float> a, ArrayView<float> b, int count, float scale, ArrayView<float> output)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            output[i] = a[i] + b[i] * scale;
        }
    }

    private static float Apply(int op, float x, float alpha, float beta) => op switch
    {
        (int)UnaryOp.Neg => -x,
        (int)UnaryOp.Exp => DeviceMath.Exp(x),
        (int)UnaryOp.Log => DeviceMath.Log(x),
        (int)UnaryOp.Abs => DeviceMath.Abs(x),
        (int)UnaryOp.Sqrt => DeviceMath.Sqrt(x),
        (int)UnaryOp.Pow => DeviceMath.Pow(x, alpha),
        (int)UnaryOp.Sigmoid => 1f / (1f + DeviceMath.Exp(-x)),
        (int)UnaryOp.Tanh => DeviceMath.Tanh(x),
        (int)UnaryOp.Relu => x > 0f ? x : 0f,
        (int)UnaryOp.LeakyRelu => x > 0f ? x : alpha * x,
        (int)UnaryOp.Clamp => DeviceMath.Min(DeviceMath.Max(x, alpha), beta),
        (int)UnaryOp.Affine => alpha * x + beta,
        (int)UnaryOp.Step => x > alpha ? beta : 0f,
        _ => float.NaN,
    };

    private static float Derivative(int op, float x, float y, float alpha, float beta) => op switch
    {
        (int)UnaryOp.Neg => -1f,
        (int)UnaryOp.Exp => y,
        (int)UnaryOp.Log => 1f / x,
        (int)UnaryOp.Abs => x > 0f ? 1f : x < 0f ? -1f : 0f,
        (int)UnaryOp.Sqrt => 1f / (2f * y),
        (int)UnaryOp.Pow => alpha * DeviceMath.Pow(x, alpha - 1f),
        (int)UnaryOp.Sigmoid => y * (1f - y),
        (int)UnaryOp.Tanh => 1f - y * y,
        (int)UnaryOp.Relu => x > 0f ? 1f : 0f,
        (int)UnaryOp.LeakyRelu => x > 0f ? 1f : alpha,
        (int)UnaryOp.Clamp => x >= alpha && x <= beta ? 1f : 0f,
        (int)UnaryOp.Affine => alpha,
        (int)UnaryOp.Step => 0f,
        _ => float.NaN,
    };
}
