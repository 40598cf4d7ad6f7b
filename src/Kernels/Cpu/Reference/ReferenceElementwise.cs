// Reference elementwise kernels: plain loops, the oracle for the fast CPU versions and the ILGPU kernels.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceElementwise
{
    public static void Unary<T>(UnaryOp op, ReadOnlySpan<T> input, T alpha, T beta, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = Apply(op, input[i], alpha, beta);
        }
    }

    public static T Apply<T>(UnaryOp op, T x, T alpha, T beta)
        where T : IFloatingPointIeee754<T> => op switch
        {
            UnaryOp.Neg => -x,
            UnaryOp.Exp => T.Exp(x),
            UnaryOp.Log => T.Log(x),
            UnaryOp.Abs => T.Abs(x),
            UnaryOp.Sqrt => T.Sqrt(x),
            UnaryOp.Pow => T.Pow(x, alpha),
            UnaryOp.Sigmoid => T.One / (T.One + T.Exp(-x)),
            UnaryOp.Tanh => T.Tanh(x),
            UnaryOp.Relu => x > T.Zero ? x : T.Zero,
            UnaryOp.LeakyRelu => x > T.Zero ? x : alpha * x,
            UnaryOp.Clamp => T.Min(T.Max(x, alpha), beta),
            UnaryOp.Affine => alpha * x + beta,
            UnaryOp.Step => x > alpha ? beta : T.Zero,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        };

    /// <summary>dInput[i] = dOutput[i] * f'(input[i]), using output[i] = f(input[i]) where cheaper. Writes (=).</summary>
    public static void UnaryBackward<T>(
        UnaryOp op, ReadOnlySpan<T> input, ReadOnlySpan<T> output, ReadOnlySpan<T> dOutput, T alpha, T beta, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        T two = T.One + T.One;
        for (int i = 0; i < input.Length; i++)
        {
            T x = input[i], y = output[i];
            T derivative = op switch
            {
                UnaryOp.Neg => -T.One,
                UnaryOp.Exp => y,
                UnaryOp.Log => T.One / x,
                UnaryOp.Abs => x > T.Zero ? T.One : x < T.Zero ? -T.One : T.Zero,
                UnaryOp.Sqrt => T.One / (two * y),
                UnaryOp.Pow => alpha * T.Pow(x, alpha - T.One),
                UnaryOp.Sigmoid => y * (T.One - y),
                UnaryOp.Tanh => T.One - y * y,
                UnaryOp.Relu => x > T.Zero ? T.One : T.Zero,
                UnaryOp.LeakyRelu => x > T.Zero ? T.One : alpha,
                UnaryOp.Clamp => x >= alpha && x <= beta ? T.One : T.Zero,
                UnaryOp.Affine => alpha,
                UnaryOp.Step => T.Zero,
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
            };
            dInput[i] = dOutput[i] * derivative;
        }
    }

    /// <summary>output[i] = a[i] (op) b[(i / bInner) % b.Length].</summary>
    public static void Binary<T>(BinaryOp op, ReadOnlySpan<T> a, ReadOnlySpan<T> b, int bInner, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Length; i++)
        {
            T y = b[i / bInner % b.Length];
            output[i] = op switch
            {
                BinaryOp.Add => a[i] + y,
                BinaryOp.Sub => a[i] - y,
                BinaryOp.Mul => a[i] * y,
                BinaryOp.Div => a[i] / y,
                _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
            };
        }
    }

    /// <summary>output[i] = a[i] + b[i] * scale.</summary>
    public static void AddScaled<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, T scale, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < a.Length; i++)
        {
            output[i] = a[i] + b[i] * scale;
        }
    }
}
