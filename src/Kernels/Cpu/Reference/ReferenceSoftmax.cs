// Reference softmax and log-softmax over the last axis of (rows, cols), max-subtracted.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceSoftmax
{
    public static void Forward<T>(ReadOnlySpan<T> input, int rows, int cols, bool log, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var x = input.Slice(r * cols, cols);
            var y = output.Slice(r * cols, cols);
            T max = T.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = T.Max(max, x[j]);
            T sum = T.Zero;
            for (int j = 0; j < cols; j++) sum += T.Exp(x[j] - max);
            T logSum = T.Log(sum);
            for (int j = 0; j < cols; j++)
            {
                y[j] = log ? x[j] - max - logSum : T.Exp(x[j] - max) / sum;
            }
        }
    }

    /// <summary>softmax: dx = y (dy - sum(dy y)); log-softmax: dx = dy - exp(y) sum(dy). Writes (=).</summary>
    public static void Backward<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> dOutput, int rows, int cols, bool log, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var y = output.Slice(r * cols, cols);
            var dy = dOutput.Slice(r * cols, cols);
            var dx = dInput.Slice(r * cols, cols);
            T dot = T.Zero;
            for (int j = 0; j < cols; j++) dot += log ? dy[j] : dy[j] * y[j];
            for (int j = 0; j < cols; j++)
            {
                dx[j] = log ? dy[j] - T.Exp(y[j]) * dot : y[j] * (dy[j] - dot);
            }
        }
    }
}
