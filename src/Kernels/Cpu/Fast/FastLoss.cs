// Vectorised fused binary cross-entropy over large element counts (forward sum and backward), processed in L1-sized blocks with TensorPrimitives; sums accumulate per block in double.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;

internal static class FastLoss
{
    private const int Block = 256;

    /// <summary>Sum of -(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100)) = -(sum t (lp - lq) + sum lq).</summary>
    public static float BceForward(ReadOnlySpan<float> p, ReadOnlySpan<float> t)
    {
        Span<float> logP = stackalloc float[Block], logQ = stackalloc float[Block];
        double sum = 0;
        for (int i = 0; i < p.Length; i += Block)
        {
            int length = Math.Min(Block, p.Length - i);
            var lp = logP[..length];
            var lq = logQ[..length];
            var pi = p.Slice(i, length);
            TensorPrimitives.Log(pi, lp);
            TensorPrimitives.Max(lp, -100f, lp);
            TensorPrimitives.Subtract(1f, pi, lq);
            TensorPrimitives.Log(lq, lq);
            TensorPrimitives.Max(lq, -100f, lq);
            double sumQ = TensorPrimitives.Sum(lq);
            TensorPrimitives.Subtract(lp, lq, lp);
            sum -= TensorPrimitives.Dot(t.Slice(i, length), lp) + sumQ;
        }
        return (float)sum;
    }

    /// <summary>dInput = factor * (p - t) / max(p (1 - p), 1e-12), factor = dOutput[0] * scale. Writes (=).</summary>
    public static void BceBackward(ReadOnlySpan<float> p, ReadOnlySpan<float> t, float factor, Span<float> dInput)
    {
        Span<float> denominator = stackalloc float[Block];
        for (int i = 0; i < p.Length; i += Block)
        {
            int length = Math.Min(Block, p.Length - i);
            var d = denominator[..length];
            var pi = p.Slice(i, length);
            var dx = dInput.Slice(i, length);
            TensorPrimitives.Subtract(1f, pi, d);
            TensorPrimitives.Multiply(d, pi, d);
            TensorPrimitives.Max(d, 1e-12f, d);
            TensorPrimitives.Subtract(pi, t.Slice(i, length), dx);
            TensorPrimitives.Multiply(dx, factor, dx);
            TensorPrimitives.Divide(dx, d, dx);
        }
    }

}
