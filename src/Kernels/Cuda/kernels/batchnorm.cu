// Batch normalisation over (N, C, S), statistics per channel over M = N * S values; S = H * W.
// One block per channel for the training forward and the backward: fused reductions with a fixed tree.
// Entry points:
//   batchnorm_forward_train(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar)
//       mean, biased var; invStd = 1 / sqrt(var + eps); output = (x - mean) * invStd * gamma + beta;
//       running = (1 - momentum) * running + momentum * batch (unbiased var), in place.   grid C, 256 threads
//   batchnorm_forward_eval(input, gamma, beta, runningMean, runningVar, n, c, s, eps, output)   one thread per element
//   batchnorm_backward(input, gamma, saveMean, saveInvStd, dOutput, n, c, s, dInput, dGamma, dBeta)   grid C, 256 threads
//       dBeta = sum dy, dGamma = sum dy * xhat, dx = gamma * invStd / M * (M * dy - dBeta - xhat * dGamma)   (=)
#include "common.cuh"

DEV long long bn_index(int t, int ch, int c, int s) { return ((long long)(t / s) * c + ch) * s + t % s; }

KERNEL void batchnorm_forward_train(
    const float* __restrict__ input, const float* __restrict__ gamma, const float* __restrict__ beta,
    int n, int c, int s, float eps, float momentum,
    float* __restrict__ output, float* __restrict__ saveMean, float* __restrict__ saveInvStd,
    float* __restrict__ runningMean, float* __restrict__ runningVar)
{
    __shared__ float scratch[33];
    int ch = blockIdx.x, count = n * s;
    float m = (float)count;
    float sum = 0.0f;
    for (int t = threadIdx.x; t < count; t += blockDim.x) sum += input[bn_index(t, ch, c, s)];
    float mean = block_sum(sum, scratch) / m;

    float squares = 0.0f;
    for (int t = threadIdx.x; t < count; t += blockDim.x)
    {
        float d = input[bn_index(t, ch, c, s)] - mean;
        squares += d * d;
    }
    squares = block_sum(squares, scratch);
    float variance = squares / m;
    float invStd = 1.0f / f_sqrt(variance + eps);
    float g = gamma[ch], b = beta[ch];
    for (int t = threadIdx.x; t < count; t += blockDim.x)
    {
        long long at = bn_index(t, ch, c, s);
        output[at] = (input[at] - mean) * invStd * g + b;
    }
    if (threadIdx.x == 0)
    {
        saveMean[ch] = mean;
        saveInvStd[ch] = invStd;
        float unbiased = count > 1 ? squares / (m - 1.0f) : variance;
        runningMean[ch] = (1.0f - momentum) * runningMean[ch] + momentum * mean;
        runningVar[ch] = (1.0f - momentum) * runningVar[ch] + momentum * unbiased;
    }
}

KERNEL void batchnorm_forward_eval(
    const float* __restrict__ input, const float* __restrict__ gamma, const float* __restrict__ beta,
    const float* __restrict__ runningMean, const float* __restrict__ runningVar, int n, int c, int s, float eps,
    float* __restrict__ output)
{
    int total = n * c * s;
    for (int i = global_index(); i < total; i += global_stride())
    {
        int ch = i / s % c;
        float invStd = 1.0f / f_sqrt(runningVar[ch] + eps);
        output[i] = (input[i] - runningMean[ch]) * invStd * gamma[ch] + beta[ch];
    }
}

KERNEL void batchnorm_backward(
    const float* __restrict__ input, const float* __restrict__ gamma, const float* __restrict__ saveMean,
    const float* __restrict__ saveInvStd, const float* __restrict__ dOutput, int n, int c, int s,
    float* __restrict__ dInput, float* __restrict__ dGamma, float* __restrict__ dBeta)
{
    __shared__ float scratch[33];
    int ch = blockIdx.x, count = n * s;
    float m = (float)count, mean = saveMean[ch], invStd = saveInvStd[ch];
    float sumDy = 0.0f, sumDyXhat = 0.0f;
    for (int t = threadIdx.x; t < count; t += blockDim.x)
    {
        long long at = bn_index(t, ch, c, s);
        sumDy += dOutput[at];
        sumDyXhat += dOutput[at] * (input[at] - mean) * invStd;
    }
    sumDy = block_sum(sumDy, scratch);
    sumDyXhat = block_sum(sumDyXhat, scratch);
    float factor = gamma[ch] * invStd / m;
    for (int t = threadIdx.x; t < count; t += blockDim.x)
    {
        long long at = bn_index(t, ch, c, s);
        float xhat = (input[at] - mean) * invStd;
        dInput[at] = factor * (m * dOutput[at] - sumDy - xhat * sumDyXhat);
    }
    if (threadIdx.x == 0)
    {
        dBeta[ch] = sumDy;
        dGamma[ch] = sumDyXhat;
    }
}
