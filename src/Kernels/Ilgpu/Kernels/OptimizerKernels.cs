// Optimizer updates with PyTorch's formulas, in place on parameter and state. Reference: Cpu/Reference/ReferenceOptimizer.cs.
// The host computes the per-step scalars exactly as the reference does (float): stepSize = lr / (1 - beta1^t),
// sqrtBias2 = sqrt(1 - beta2^t). Thread mapping: one element per thread (grid-stride); no shared memory.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class OptimizerKernels
{
    /// <summary>g = grad + wd p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize m / (sqrt(v) / sqrtBias2 + eps).</summary>
    [Kernel]
    public static void Adam(
        ArrayView<float> grad, int count, float beta1, float beta2, float eps, float weightDecay, float stepSize, float sqrtBias2,
        ArrayView<float> param, ArrayView<float> m, ArrayView<float> v)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            float p = param[i];
            float g = grad[i] + weightDecay * p;
            float mi = beta1 * m[i] + (1f - beta1) * g;
            float vi = beta2 * v[i] + (1f - beta2) * g * g;
            m[i] = mi;
            v[i] = vi;
            float denominator = DeviceMath.Sqrt(vi) / sqrtBias2 + eps;
            param[i] = p - stepSize * mi / denominator;
        }
    }

    /// <summary>g = grad + wd p; buf = momentum buf + g (when momentum != 0); p -= lr (momentum != 0 ? buf : g).</summary>
    [Kernel]
    public static void Sgd(
        ArrayView<float> grad, int count, float lr, float momentum, float weightDecay,
        ArrayView<float> param, ArrayView<float> momentumBuffer)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            float p = param[i];
            float g = grad[i] + weightDecay * p;
            if (momentum != 0f)
            {
                g = momentum * momentumBuffer[i] + g;
                momentumBuffer[i] = g;
            }
            param[i] = p - lr * g;
        }
    }
}
