// Reference fused losses. Forward writes the SUM over elements into output[0];
// backward writes dInput = dLoss * scale * (local derivative), dLoss = dOutput[0].
namespace Engine.Kernels.Cpu.Reference;

public static class Losses
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

    public static void ErrorForward<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, bool absolute, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            sum += absolute ? T.Abs(d) : d * d;
        }
        output[0] = sum;
    }

    public static void ErrorBackward<T>(ReadOnlySpan<T> p, ReadOnlySpan<T> t, bool absolute, T dLoss, T scale, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        T two = C<T>(2);
        for (int i = 0; i < p.Length; i++)
        {
            T d = p[i] - t[i];
            T local = absolute ? (d > T.Zero ? T.One : d < T.Zero ? -T.One : T.Zero) : two * d;
            dInput[i] = dLoss * scale * local;
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

    public static void GaussianKlForward<T>(ReadOnlySpan<T> mu, ReadOnlySpan<T> logVar, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int i = 0; i < mu.Length; i++)
        {
            sum += T.One + logVar[i] - mu[i] * mu[i] - T.Exp(logVar[i]);
        }
        output[0] = C<T>(-0.5) * sum;
    }

    public static void GaussianKlBackward<T>(
        ReadOnlySpan<T> mu, ReadOnlySpan<T> logVar, T dLoss, T scale, Span<T> dMu, Span<T> dLogVar)
        where T : IFloatingPointIeee754<T>
    {
        T half = C<T>(0.5);
        for (int i = 0; i < mu.Length; i++)
        {
            dMu[i] = dLoss * scale * mu[i];
            dLogVar[i] = dLoss * scale * half * (T.Exp(logVar[i]) - T.One);
        }
    }

    public static void SparsityKlForward<T>(ReadOnlySpan<T> q, T rho, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        T sum = T.Zero;
        for (int j = 0; j < q.Length; j++)
        {
            sum += rho * T.Log(rho / q[j]) + (T.One - rho) * T.Log((T.One - rho) / (T.One - q[j]));
        }
        output[0] = sum;
    }

    public static void SparsityKlBackward<T>(ReadOnlySpan<T> q, T rho, T dLoss, T scale, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        for (int j = 0; j < q.Length; j++)
        {
            dInput[j] = dLoss * scale * (-rho / q[j] + (T.One - rho) / (T.One - q[j]));
        }
    }
}
