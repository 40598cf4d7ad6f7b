// Sums over a (outer, middle, inner) view, deterministic (fixed order, no atomics).
// Entry points:
//   sum_forward(input, outer, middle, inner, output)            output[o * inner + i] = sum_m input[(o * middle + m) * inner + i]
//       one thread per output, summing m in order (also reduces split-K partials of the conv backward-weight);
//   sum_to_middle_forward(input, outer, middle, inner, output)  output[m] = sum_{o,i} input[(o * middle + m) * inner + i]
//       one block per m, a fixed-tree block reduction.
#include "common.cuh"

KERNEL void sum_forward(const float* __restrict__ input, int outer, int middle, int inner, float* __restrict__ output)
{
    int total = outer * inner;
    for (int t = global_index(); t < total; t += global_stride())
    {
        int o = t / inner, i = t % inner;
        const float* x = input + (long long)o * middle * inner + i;
        float sum = 0.0f;
        for (int m = 0; m < middle; m++) sum += x[(long long)m * inner];
        output[t] = sum;
    }
}

KERNEL void sum_to_middle_forward(const float* __restrict__ input, int outer, int middle, int inner,
                                  float* __restrict__ output)
{
    __shared__ float scratch[33];
    int m = blockIdx.x;
    int total = outer * inner;
    float sum = 0.0f;
    for (int t = threadIdx.x; t < total; t += blockDim.x)
    {
        int o = t / inner, i = t % inner;
        sum += input[((long long)o * middle + m) * inner + i];
    }
    sum = block_sum(sum, scratch);
    if (threadIdx.x == 0) output[m] = sum;
}
