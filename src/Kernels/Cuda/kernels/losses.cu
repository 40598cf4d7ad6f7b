// Fused losses. Forward: ONE block of 512 threads writes the SUM over elements into output[0], summing in
// a fixed order (grid-stride partials, then a fixed tree), so results are reproducible run to run.
// Backward: dInput = dOutput[0] * scale * dLoss/dInput, read on the device (no host sync); one thread per element.
// Entry points:
//   bce_forward(prediction, target, count, output)     -(t max(ln p, -100) + (1 - t) max(ln(1 - p), -100))
//   bce_backward(prediction, target, dOutput, count, scale, dInput)      (p - t) / max(p (1 - p), 1e-12)
//   error_forward(prediction, target, count, absolute, output)          (p - t)^2 or |p - t|
//   error_backward(prediction, target, dOutput, count, absolute, scale, dInput)   2 (p - t) or sign(p - t)
//   cross_entropy_forward(logits, target, rows, cols, output)          -sum_k t log_softmax(x); one warp per row
//   cross_entropy_backward(logits, target, dOutput, rows, cols, scale, dInput)  softmax(x) sum_k t - t; warp per row
//   gaussian_kl_forward(mu, logVar, count, output)                    -0.5 sum(1 + logVar - mu^2 - exp(logVar))
//   gaussian_kl_backward(mu, logVar, dOutput, count, scale, dMu, dLogVar)   mu; 0.5 (exp(logVar) - 1)
//   sparsity_kl_forward(q, count, rho, output)           rho ln(rho / q) + (1 - rho) ln((1 - rho) / (1 - q))
//   sparsity_kl_backward(q, dOutput, count, rho, scale, dInput)        -rho / q + (1 - rho) / (1 - q)
#include "common.cuh"

KERNEL void bce_forward(const float* __restrict__ p, const float* __restrict__ t, int count, float* __restrict__ output)
{
    __shared__ float scratch[33];
    float sum = 0.0f;
    for (int i = threadIdx.x; i < count; i += blockDim.x)
    {
        float logP = f_max(dm_logf(p[i]), -100.0f);
        float logOneMinusP = f_max(dm_logf(1.0f - p[i]), -100.0f);
        sum += t[i] * logP + (1.0f - t[i]) * logOneMinusP;
    }
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) output[0] = -sum;
}

KERNEL void bce_backward(const float* __restrict__ p, const float* __restrict__ t, const float* __restrict__ dOutput,
                         int count, float scale, float* __restrict__ dInput)
{
    float dLoss = dOutput[0];
    for (int i = global_index(); i < count; i += global_stride())
        dInput[i] = dLoss * scale * (p[i] - t[i]) / f_max(p[i] * (1.0f - p[i]), 1e-12f);
}

KERNEL void error_forward(const float* __restrict__ p, const float* __restrict__ t, int count, int absolute,
                          float* __restrict__ output)
{
    __shared__ float scratch[33];
    float sum = 0.0f;
    for (int i = threadIdx.x; i < count; i += blockDim.x)
    {
        float d = p[i] - t[i];
        sum += absolute ? __builtin_fabsf(d) : d * d;
    }
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) output[0] = sum;
}

KERNEL void error_backward(const float* __restrict__ p, const float* __restrict__ t, const float* __restrict__ dOutput,
                           int count, int absolute, float scale, float* __restrict__ dInput)
{
    float dLoss = dOutput[0];
    for (int i = global_index(); i < count; i += global_stride())
    {
        float d = p[i] - t[i];
        float local = absolute ? (d > 0.0f ? 1.0f : d < 0.0f ? -1.0f : 0.0f) : 2.0f * d;
        dInput[i] = dLoss * scale * local;
    }
}

KERNEL void cross_entropy_forward(const float* __restrict__ logits, const float* __restrict__ target, int rows, int cols,
                                  float* __restrict__ output)
{
    __shared__ float scratch[33];
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    float sum = 0.0f;   // this lane's share of sum_rows sum_k t (x - logSum)
    for (int row = warp; row < rows; row += warps)
    {
        const float* x = logits + (long long)row * cols;
        const float* t = target + (long long)row * cols;
        float max = -__builtin_inff();
        for (int j = lane; j < cols; j += 32) max = f_max(max, x[j]);
        max = warp_max(max);
        float sumExp = 0.0f;
        for (int j = lane; j < cols; j += 32) sumExp += dm_expf(x[j] - max);
        float logSum = max + dm_logf(warp_sum(sumExp));
        for (int j = lane; j < cols; j += 32) sum += t[j] * (x[j] - logSum);
    }
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) output[0] = -sum;
}

KERNEL void cross_entropy_backward(const float* __restrict__ logits, const float* __restrict__ target,
                                   const float* __restrict__ dOutput, int rows, int cols, float scale,
                                   float* __restrict__ dInput)
{
    int row = global_index() >> 5, lane = threadIdx.x & 31;
    if (row >= rows) return;   // whole warps leave together
    long long base = (long long)row * cols;
    const float* x = logits + base;
    const float* t = target + base;
    float max = -__builtin_inff(), sumExp = 0.0f, sumT = 0.0f;
    for (int j = lane; j < cols; j += 32) max = f_max(max, x[j]);
    max = warp_max(max);
    for (int j = lane; j < cols; j += 32)
    {
        sumExp += dm_expf(x[j] - max);
        sumT += t[j];
    }
    sumExp = warp_sum(sumExp);
    sumT = warp_sum(sumT);
    float factor = dOutput[0] * scale;
    for (int j = lane; j < cols; j += 32) dInput[base + j] = factor * (dm_expf(x[j] - max) / sumExp * sumT - t[j]);
}

KERNEL void gaussian_kl_forward(const float* __restrict__ mu, const float* __restrict__ logVar, int count,
                                float* __restrict__ output)
{
    __shared__ float scratch[33];
    float sum = 0.0f;
    for (int i = threadIdx.x; i < count; i += blockDim.x) sum += 1.0f + logVar[i] - mu[i] * mu[i] - dm_expf(logVar[i]);
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) output[0] = -0.5f * sum;
}

KERNEL void gaussian_kl_backward(const float* __restrict__ mu, const float* __restrict__ logVar,
                                 const float* __restrict__ dOutput, int count, float scale,
                                 float* __restrict__ dMu, float* __restrict__ dLogVar)
{
    float factor = dOutput[0] * scale;
    for (int i = global_index(); i < count; i += global_stride())
    {
        dMu[i] = factor * mu[i];
        dLogVar[i] = factor * 0.5f * (dm_expf(logVar[i]) - 1.0f);
    }
}

KERNEL void sparsity_kl_forward(const float* __restrict__ q, int count, float rho, float* __restrict__ output)
{
    __shared__ float scratch[33];
    float sum = 0.0f;
    for (int j = threadIdx.x; j < count; j += blockDim.x)
        sum += rho * dm_logf(rho / q[j]) + (1.0f - rho) * dm_logf((1.0f - rho) / (1.0f - q[j]));
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) output[0] = sum;
}

KERNEL void sparsity_kl_backward(const float* __restrict__ q, const float* __restrict__ dOutput, int count, float rho,
                                 float scale, float* __restrict__ dInput)
{
    float factor = dOutput[0] * scale;
    for (int j = global_index(); j < count; j += global_stride())
        dInput[j] = factor * (-rho / q[j] + (1.0f - rho) / (1.0f - q[j]));
}
