// Reference fused losses (BCE, cross-entropy). Forward writes the SUM over elements into output[0];
// backward writes dInput = dLoss * scale * (local derivative), dLoss = dOutput[0].
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceLoss
{
    private static T C<T>(double value) where T : IFloatingPointIeee754<T> => T.CreateTruncating(value);

    public static void BceForward<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero, floor = C<T>(-100);
        for (int i = 0; i < p.Length; i++)
        {
            T logP = T.Max(T.Log(p[i]), floor);             // PyTorch clamps the logs at -100
            T logOneMinusP = T.Max(T.Log(T.One - p[i]), floor);
            sum -= t[i] * logP + (T.One - t[i]) * logOneMinusP;
        }
        output[0] = sum;
    }

    public static void BceBackward<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, T dLoss, T scale, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        T tiny = C<T>(1e-12);
        for (int i = 0; i < p.Length; i++)
        {
            dInput[i] = dLoss * scale * (p[i] - t[i]) / T.Max(p[i] * (T.One - p[i]), tiny);
        }
    }

    public static void CrossEntropyForward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<T> target, int rows, int cols, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int r = 0; r < rows; r++)
        {
            var x = logits.Slice(r * cols, cols);
            T max = T.NegativeInfinity;
            for (int j = 0; j < cols; j++) max = T.Max(max, x[j]);
            T sumExp = T.Zero;
            for (int j = 0; j < cols; j++) sumExp += T.Exp(x[j] - max);
            T logSum = max + T.Log(sumExp);
            for (int j = 0; j < cols; j++) sum -= target[r * cols + j] * (x[j] - logSum);
        }
        output[0] = sum;
    }

    public static void CrossEntropyBackward<T>(
        ReadOnlySpan<T> logits, ReadOnlySpan<T> target, int rows, int cols, T dLoss, T scale, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        for (int r = 0; r < rows; r++)
        {
            var x = logits.Slice(r * cols, cols);
            var t = target.Slice(r * cols, cols);
            T max = T.NegativeInfinity, sumExp = T.Zero, sumT = T.Zero;
            for (int j = 0; j < cols; j++) max = T.Max(max, x[j]);
            for (int j = 0; j < cols; j++)
            {
                sumExp += T.Exp(x[j] - max);
                sumT += t[j];
            }
            for (int j = 0; j < cols; j++)
            {
                dInput[r * cols + j] = dLoss * scale * (T.Exp(x[j] - max) / sumExp * sumT - t[j]);
            }
        }
    }

}
