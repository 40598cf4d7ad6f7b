// Shared device code for every kernel family: the mini CUDA header (we build with -nocudainc), ceil_div,
// exp/log/tanh/sin/cos without libdevice, warp and block reductions, and the Philox4x32-10 generator.
// Everything here is deterministic: reductions use a fixed tree, never float atomics.
#pragma once

#define __global__ __attribute__((global))
#define __device__ __attribute__((device))
#define __shared__ __attribute__((shared))
#define __host__ __attribute__((host))
#define __forceinline__ __inline__ __attribute__((always_inline))
#define __launch_bounds__(...) __attribute__((launch_bounds(__VA_ARGS__)))
#include <__clang_cuda_builtin_vars.h>

#define DEV static __device__ __forceinline__
#define KERNEL extern "C" __global__

DEV int ceil_div(int a, int b) { return (a + b - 1) / b; }
DEV int global_index() { return (int)(blockIdx.x * blockDim.x + threadIdx.x); }
DEV int global_stride() { return (int)(gridDim.x * blockDim.x); }
DEV float f_sqrt(float x) { return __nvvm_sqrt_rn_f(x); }
DEV float f_max(float a, float b) { return a > b ? a : b; }   // operand order as the C# reference's Max
DEV float f_min(float a, float b) { return a < b ? a : b; }

#include "math.cuh"
#include "philox.cuh"

// ---- reductions (blockDim.x must be a multiple of 32; every thread of the block must call) ---------

DEV float warp_sum(float v)
{
    for (int o = 16; o > 0; o >>= 1) v += __nvvm_shfl_sync_bfly_f32(0xffffffffu, v, o, 0x1f);
    return v;   // butterfly: every lane ends with the same, order-fixed total
}

DEV float warp_max(float v)
{
    for (int o = 16; o > 0; o >>= 1) v = f_max(v, __nvvm_shfl_sync_bfly_f32(0xffffffffu, v, o, 0x1f));
    return v;
}

// scratch: 33 floats of shared memory; returns the block total to every thread.
DEV float block_sum(float v, float* scratch)
{
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = (blockDim.x + 31) >> 5;
    v = warp_sum(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    if (warp == 0)
    {
        float t = lane < warps ? scratch[lane] : 0.0f;
        t = warp_sum(t);
        if (lane == 0) scratch[32] = t;
    }
    __syncthreads();
    float total = scratch[32];
    __syncthreads();   // scratch may be reused by the next call
    return total;
}
