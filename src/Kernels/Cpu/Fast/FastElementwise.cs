// Vectorised elementwise kernels (the reductions are in FastReduction.cs): operator structs for the cheap ops, TensorPrimitives for the
// transcendental ones and for binary broadcasts, split over threads in contiguous chunks when large.
// B = rows, D = columns, C = channels, S = spatial size; broadcasts as in IBackend.Binary.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;

internal static class FastElementwise
{
    private const int MinChunk = 1 << 15;   // below this many elements a second thread costs more than it saves

    /// <summary>output = f(input).</summary>
    public static void Unary(UnaryOp op, float[] input, float[] output, int count, float alpha, float beta, int threads) =>
        CpuParallel.ForRanges(count, threads, MinChunk, (start, end) =>
        {
            var x = new ReadOnlySpan<float>(input, start, end - start);
            var y = new Span<float>(output, start, end - start);
            switch (op)
            {
                case UnaryOp.Neg: UnaryDriver.Map(new NegOperator(), x, y); break;
                case UnaryOp.Abs: UnaryDriver.Map(new AbsOperator(), x, y); break;
                case UnaryOp.Relu: UnaryDriver.Map(new ReluOperator(), x, y); break;
                case UnaryOp.LeakyRelu: UnaryDriver.Map(new LeakyReluOperator(alpha), x, y); break;
                case UnaryOp.Clamp: UnaryDriver.Map(new ClampOperator(alpha, beta), x, y); break;
                case UnaryOp.Affine: UnaryDriver.Map(new AffineOperator(alpha, beta), x, y); break;
                case UnaryOp.Step: UnaryDriver.Map(new StepOperator(alpha, beta), x, y); break;
                case UnaryOp.Exp: TensorPrimitives.Exp(x, y); break;
                case UnaryOp.Log: TensorPrimitives.Log(x, y); break;
                case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, y); break;
                case UnaryOp.Pow: TensorPrimitives.Pow(x, alpha, y); break;
                case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, y); break;
                case UnaryOp.Tanh: TensorPrimitives.Tanh(x, y); break;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
            }
        });

    /// <summary>Ops with a fast forward here; others (added to UnaryOp later) run on the reference.</summary>
    public static bool HasFast(UnaryOp op) => op <= UnaryOp.Step;

    public static bool HasFastBackward(UnaryOp op) => op != UnaryOp.Pow && HasFast(op);

    /// <summary>dInput = dOutput * f'(input). Writes (=).</summary>
    public static void UnaryBackward(
        UnaryOp op, float[] input, float[] output, float[] dOutput, int count, float alpha, float beta, float[] dInput,
        int threads) =>
        CpuParallel.ForRanges(count, threads, MinChunk, (start, end) =>
        {
            var x = new ReadOnlySpan<float>(input, start, end - start);
            var y = new ReadOnlySpan<float>(output, start, end - start);
            var dy = new ReadOnlySpan<float>(dOutput, start, end - start);
            var dx = new Span<float>(dInput, start, end - start);
            switch (op)
            {
                case UnaryOp.Neg: UnaryDriver.Map(new ScaleGradOperator(-1f), x, y, dy, dx); break;
                case UnaryOp.Affine: UnaryDriver.Map(new ScaleGradOperator(alpha), x, y, dy, dx); break;
                case UnaryOp.Step: UnaryDriver.Map(new ScaleGradOperator(0f), x, y, dy, dx); break;
                case UnaryOp.Exp: UnaryDriver.Map(new ExpGradOperator(), x, y, dy, dx); break;
                case UnaryOp.Log: UnaryDriver.Map(new LogGradOperator(), x, y, dy, dx); break;
                case UnaryOp.Sqrt: UnaryDriver.Map(new SqrtGradOperator(), x, y, dy, dx); break;
                case UnaryOp.Sigmoid: UnaryDriver.Map(new SigmoidGradOperator(), x, y, dy, dx); break;
                case UnaryOp.Tanh: UnaryDriver.Map(new TanhGradOperator(), x, y, dy, dx); break;
                case UnaryOp.Abs: UnaryDriver.Map(new AbsGradOperator(), x, y, dy, dx); break;
                case UnaryOp.Relu: UnaryDriver.Map(new LeakyReluGradOperator(0f), x, y, dy, dx); break;
                case UnaryOp.LeakyRelu: UnaryDriver.Map(new LeakyReluGradOperator(alpha), x, y, dy, dx); break;
                case UnaryOp.Clamp: UnaryDriver.Map(new ClampGradOperator(alpha, beta), x, y, dy, dx); break;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
            }
        });

    /// <summary>output[i] = a[i] (op) b[(i / bInner) % bLength], in runs where b is a scalar or a whole row.</summary>
    public static void Binary(BinaryOp op, float[] a, float[] b, int count, int bLength, int bInner, float[] output, int threads)
    {
        if (bLength == count)
        {
            CpuParallel.ForRanges(count, threads, MinChunk, (start, end) => Apply(op, new ReadOnlySpan<float>(a, start, end - start),
                new ReadOnlySpan<float>(b, start, end - start), new Span<float>(output, start, end - start)));
            return;
        }
        if (bInner == 1 && bLength > 1)
        {
            // b repeats every bLength elements: same shape, or per column over (B, D).
            int rows = count / bLength;
            int rowsPerChunk = Math.Max(1, MinChunk / bLength);
            CpuParallel.ForRanges(rows, threads, rowsPerChunk, (r0, r1) =>
            {
                var bs = new ReadOnlySpan<float>(b, 0, bLength);
                for (int r = r0; r < r1; r++)
                {
                    Apply(op, new ReadOnlySpan<float>(a, r * bLength, bLength), bs, new Span<float>(output, r * bLength, bLength));
                }
            }, align: 1);
            return;
        }
        // b is constant over runs of bInner elements: scalar, per channel over (N, C, S), per row over (B, D).
        int runs = count / bInner;
        CpuParallel.ForRanges(runs, threads, Math.Max(1, MinChunk / bInner), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                Apply(op, new ReadOnlySpan<float>(a, r * bInner, bInner), b[r % bLength], new Span<float>(output, r * bInner, bInner));
            }
        }, align: 1);
    }

    /// <summary>output = a + b * scale (axpy).</summary>
    public static void AddScaled(float[] a, float[] b, int count, float scale, float[] output, int threads) =>
        CpuParallel.ForRanges(count, threads, MinChunk, (start, end) =>
            TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(b, start, end - start), scale,
                new ReadOnlySpan<float>(a, start, end - start), new Span<float>(output, start, end - start)));

    private static void Apply(BinaryOp op, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> output)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, output); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, output); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, output); break;
            case BinaryOp.Div: TensorPrimitives.Divide(a, b, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    private static void Apply(BinaryOp op, ReadOnlySpan<float> a, float b, Span<float> output)
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(a, b, output); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(a, b, output); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(a, b, output); break;
            case BinaryOp.Div: TensorPrimitives.Divide(a, b, output); break;
            default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }
}
