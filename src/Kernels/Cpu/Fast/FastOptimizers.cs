// Vectorised in-place optimizer updates with PyTorch's formulas (the reference's operation order), split
// over threads in contiguous chunks: Adam (L2 weight decay) and SGD with momentum.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

internal static class FastOptimizers
{
    private const int MinChunk = 1 << 14;

    public static void AdamStep(
        float[] grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        float[] param, float[] m, float[] v, int threads)
    {
        float biasCorrection1 = 1f - MathF.Pow(beta1, step);
        float biasCorrection2 = 1f - MathF.Pow(beta2, step);
        var k = new AdamConstants(lr / biasCorrection1, MathF.Sqrt(biasCorrection2), beta1, beta2, eps, weightDecay);
        CpuParallel.ForRanges(count, threads, MinChunk, (start, end) => Adam(grad, param, m, v, start, end, k));
    }

    public static void SgdStep(float[] grad, int count, float lr, float momentum, float weightDecay, float[] param,
        float[] buffer, int threads) =>
        CpuParallel.ForRanges(count, threads, MinChunk, (start, end) =>
        {
            var g = new ReadOnlySpan<float>(grad, start, end - start);
            var p = new Span<float>(param, start, end - start);
            var b = new Span<float>(buffer, start, end - start);
            if (momentum == 0f)
            {
                if (weightDecay == 0f)
                {
                    TensorPrimitives.MultiplyAdd(g, -lr, p, p);
                    return;
                }
                for (int i = 0; i < p.Length; i++)
                {
                    p[i] -= lr * (g[i] + weightDecay * p[i]);
                }
                return;
            }
            for (int i = 0; i < p.Length; i++)
            {
                b[i] = momentum * b[i] + (g[i] + weightDecay * p[i]);
                p[i] -= lr * b[i];
            }
        });

    private static void Adam(float[] grad, float[] param, float[] m, float[] v, int start, int end, AdamConstants k)
    {
        int i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var p = Vector512.LoadUnsafe(ref param[0], (nuint)i);
                var g = Vector512.LoadUnsafe(ref grad[0], (nuint)i) + Vector512.Create(k.WeightDecay) * p;
                var mi = Vector512.Create(k.Beta1) * Vector512.LoadUnsafe(ref m[0], (nuint)i) + Vector512.Create(1f - k.Beta1) * g;
                var vi = Vector512.Create(k.Beta2) * Vector512.LoadUnsafe(ref v[0], (nuint)i) + Vector512.Create(1f - k.Beta2) * g * g;
                var denominator = Vector512.Sqrt(vi) / Vector512.Create(k.SqrtBias2) + Vector512.Create(k.Eps);
                mi.StoreUnsafe(ref m[0], (nuint)i);
                vi.StoreUnsafe(ref v[0], (nuint)i);
                (p - Vector512.Create(k.StepSize) * mi / denominator).StoreUnsafe(ref param[0], (nuint)i);
            }
        }
        for (; i < end; i++)
        {
            float g = grad[i] + k.WeightDecay * param[i];
            m[i] = k.Beta1 * m[i] + (1f - k.Beta1) * g;
            v[i] = k.Beta2 * v[i] + (1f - k.Beta2) * g * g;
            float denominator = MathF.Sqrt(v[i]) / k.SqrtBias2 + k.Eps;
            param[i] -= k.StepSize * m[i] / denominator;
        }
    }

    private readonly record struct AdamConstants(
        float StepSize, float SqrtBias2, float Beta1, float Beta2, float Eps, float WeightDecay);
}
