// Vectorised in-place optimizer updates with PyTorch's formulas (the reference's operation order), split
// over threads in contiguous chunks: Adam (L2 weight decay) and SGD with momentum.
namespace Engine.Kernels.Cpu.Fast;

using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using Engine.Kernels.Cpu.Simd;

internal static class FastOptimizer
{
    private const int MinChunk = 1 << 14;

    public static void AdamStep(
        float[] grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        float[] param, float[] m, float[] v, int threads, SimdLevel level)
    {
        float biasCorrection1 = 1f - MathF.Pow(beta1, step);
        float biasCorrection2 = 1f - MathF.Pow(beta2, step);
        var k = new AdamConstants(lr / biasCorrection1, MathF.Sqrt(biasCorrection2), beta1, beta2, eps, weightDecay);
        level = SimdWidths.Resolve(level);
        CpuParallel.ForRanges(count, threads, MinChunk, (start, end) =>
        {
            switch (level)
            {
                case SimdLevel.Vector512: Adam<V512>(grad, param, m, v, start, end, k); break;
                case SimdLevel.Vector256: Adam<V256>(grad, param, m, v, start, end, k); break;
                case SimdLevel.Vector128: Adam<V128>(grad, param, m, v, start, end, k); break;
                default: AdamScalar(grad, param, m, v, start, end, k); break;
            }
        });
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

    // Whole vectors from start, then the scalar loop for the tail (the same formula, the same operation order).
    private static void Adam<TVec>(float[] grad, float[] param, float[] m, float[] v, int start, int end, AdamConstants k)
        where TVec : unmanaged, IVec<TVec>
    {
        ref float ps = ref MemoryMarshal.GetArrayDataReference(param);
        ref float gs = ref MemoryMarshal.GetArrayDataReference(grad);
        ref float ms = ref MemoryMarshal.GetArrayDataReference(m);
        ref float vs = ref MemoryMarshal.GetArrayDataReference(v);
        int i = start;
        for (; i <= end - TVec.Count; i += TVec.Count)
        {
            var p = TVec.Load(ref ps, (nuint)i);
            var g = TVec.Load(ref gs, (nuint)i) + TVec.Broadcast(k.WeightDecay) * p;
            var mi = TVec.Broadcast(k.Beta1) * TVec.Load(ref ms, (nuint)i) + TVec.Broadcast(1f - k.Beta1) * g;
            var vi = TVec.Broadcast(k.Beta2) * TVec.Load(ref vs, (nuint)i) + TVec.Broadcast(1f - k.Beta2) * g * g;
            var denominator = TVec.Sqrt(vi) / TVec.Broadcast(k.SqrtBias2) + TVec.Broadcast(k.Eps);
            mi.Store(ref ms, (nuint)i);
            vi.Store(ref vs, (nuint)i);
            (p - TVec.Broadcast(k.StepSize) * mi / denominator).Store(ref ps, (nuint)i);
        }
        AdamScalar(grad, param, m, v, i, end, k);
    }

    private static void AdamScalar(float[] grad, float[] param, float[] m, float[] v, int start, int end, AdamConstants k)
    {
        for (int i = start; i < end; i++)
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
