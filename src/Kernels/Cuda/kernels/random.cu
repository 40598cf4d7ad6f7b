// Random fills and the VAE reparametrization from Philox4x32-10 (philox.cuh), element i drawing from
// counter offset + i, so the numbers equal the CPU's bit for bit (uniform) or within ~1 ulp (normal).
// Entry points (one thread per element):
//   random_uniform_forward(seed, offset, count, low, high, output)     output = low + (high - low) * U
//   random_normal_forward(seed, offset, count, mean, std, output)      output = mean + std * N
//   reparametrize_forward(mu, logVar, seed, offset, count, z, eps)     eps = N; z = mu + eps * exp(0.5 logVar)
//   reparametrize_backward(logVar, eps, dZ, count, dMu, dLogVar)       dMu = dZ; dLogVar = dZ eps 0.5 exp(0.5 logVar)  (=)
#include "common.cuh"

KERNEL void random_uniform_forward(unsigned long long seed, unsigned long long offset, int count, float low, float high,
                                   float* __restrict__ output)
{
    for (int i = global_index(); i < count; i += global_stride())
        output[i] = low + (high - low) * philox_uniform(seed, offset + (unsigned long long)i);
}

KERNEL void random_normal_forward(unsigned long long seed, unsigned long long offset, int count, float mean, float std,
                                  float* __restrict__ output)
{
    for (int i = global_index(); i < count; i += global_stride())
        output[i] = mean + std * philox_normal(seed, offset + (unsigned long long)i);
}

KERNEL void reparametrize_forward(const float* __restrict__ mu, const float* __restrict__ logVar,
                                  unsigned long long seed, unsigned long long offset, int count,
                                  float* __restrict__ z, float* __restrict__ eps)
{
    for (int i = global_index(); i < count; i += global_stride())
    {
        float e = philox_normal(seed, offset + (unsigned long long)i);
        eps[i] = e;
        z[i] = mu[i] + e * dm_expf(0.5f * logVar[i]);
    }
}

KERNEL void reparametrize_backward(const float* __restrict__ logVar, const float* __restrict__ eps,
                                   const float* __restrict__ dZ, int count,
                                   float* __restrict__ dMu, float* __restrict__ dLogVar)
{
    for (int i = global_index(); i < count; i += global_stride())
    {
        dMu[i] = dZ[i];
        dLogVar[i] = dZ[i] * eps[i] * 0.5f * dm_expf(0.5f * logVar[i]);
    }
}
