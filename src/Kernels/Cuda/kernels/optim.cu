// Optimizer updates with PyTorch's formulas, in place on parameter and state; one thread per element.
// The host computes the per-step scalars exactly as the C# reference does (float):
//   stepSize = lr / (1 - beta1^t), sqrtBias2 = sqrt(1 - beta2^t).
// Entry points:
//   adam_update(grad, count, beta1, beta2, eps, weightDecay, stepSize, sqrtBias2, param, m, v)
//       g = grad + wd p; m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; p -= stepSize m / (sqrt(v) / sqrtBias2 + eps)
//   sgd_update(grad, count, lr, momentum, weightDecay, param, momentumBuffer)
//       g = grad + wd p; buf = momentum buf + g (if momentum != 0); p -= lr (momentum != 0 ? buf : g)
#include "common.cuh"

KERNEL void adam_update(const float* __restrict__ grad, int count, float beta1, float beta2, float eps, float weightDecay,
                        float stepSize, float sqrtBias2,
                        float* __restrict__ param, float* __restrict__ m, float* __restrict__ v)
{
    for (int i = global_index(); i < count; i += global_stride())
    {
        float p = param[i];
        float g = grad[i] + weightDecay * p;
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        float denominator = f_sqrt(vi) / sqrtBias2 + eps;
        param[i] = p - stepSize * mi / denominator;
    }
}

KERNEL void sgd_update(const float* __restrict__ grad, int count, float lr, float momentum, float weightDecay,
                       float* __restrict__ param, float* __restrict__ momentumBuffer)
{
    for (int i = global_index(); i < count; i += global_stride())
    {
        float p = param[i];
        float g = grad[i] + weightDecay * p;
        if (momentum != 0.0f)
        {
            g = momentum * momentumBuffer[i] + g;
            momentumBuffer[i] = g;
        }
        param[i] = p - lr * g;
    }
}
