// Reference optimizer updates with PyTorch's exact formulas, in place on parameter and state.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceOptimizer
{
    public static void AdamStep<T>(
        ReadOnlySpan<T> grad, T lr, T beta1, T beta2, T eps, T weightDecay, int step,
        Span<T> param, Span<T> m, Span<T> v)
        where T : IFloatingPointIeee754<T>
    {
        T biasCorrection1 = T.One - T.Pow(beta1, T.CreateTruncating(step));
        T biasCorrection2 = T.One - T.Pow(beta2, T.CreateTruncating(step));
        T stepSize = lr / biasCorrection1;
        T sqrtBias2 = T.Sqrt(biasCorrection2);
        for (int i = 0; i < param.Length; i++)
        {
            T g = grad[i] + weightDecay * param[i];
            m[i] = beta1 * m[i] + (T.One - beta1) * g;
            v[i] = beta2 * v[i] + (T.One - beta2) * g * g;
            T denominator = T.Sqrt(v[i]) / sqrtBias2 + eps;
            param[i] -= stepSize * m[i] / denominator;
        }
    }

    public static void SgdStep<T>(ReadOnlySpan<T> grad, T lr, T momentum, T weightDecay, Span<T> param, Span<T> buffer)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < param.Length; i++)
        {
            T g = grad[i] + weightDecay * param[i];
            if (momentum != T.Zero)
            {
                buffer[i] = momentum * buffer[i] + g;
                g = buffer[i];
            }
            param[i] -= lr * g;
        }
    }
}
