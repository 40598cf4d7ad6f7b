// Softmax and log-softmax over the last axis of (rows, cols), max-subtracted; one warp per row.
// Entry points (grid ceil(rows / 8), 256 threads):
//   softmax_forward(input, rows, cols, logSoftmax, output)       y = exp(x - max) / sum, or x - max - ln(sum) when logSoftmax
//   softmax_backward(output, dOutput, rows, cols, logSoftmax, dInput)
//       softmax dx = y * (dy - sum(dy * y)); log-softmax dx = dy - exp(y) * sum(dy)   (=)
#include "common.cuh"

KERNEL void softmax_forward(const float* __restrict__ input, int rows, int cols, int logSoftmax, float* __restrict__ output)
{
    int row = global_index() >> 5, lane = threadIdx.x & 31;
    if (row >= rows) return;   // whole warps leave together
    const float* x = input + (long long)row * cols;
    float* y = output + (long long)row * cols;
    float max = -__builtin_inff();
    for (int j = lane; j < cols; j += 32) max = f_max(max, x[j]);
    max = warp_max(max);
    float sum = 0.0f;
    for (int j = lane; j < cols; j += 32) sum += dm_expf(x[j] - max);
    sum = warp_sum(sum);
    float logSum = dm_logf(sum);
    for (int j = lane; j < cols; j += 32) y[j] = logSoftmax ? x[j] - max - logSum : dm_expf(x[j] - max) / sum;
}

KERNEL void softmax_backward(const float* __restrict__ output, const float* __restrict__ dOutput, int rows, int cols,
                             int logSoftmax, float* __restrict__ dInput)
{
    int row = global_index() >> 5, lane = threadIdx.x & 31;
    if (row >= rows) return;
    long long base = (long long)row * cols;
    const float* y = output + base;
    const float* dy = dOutput + base;
    float* dx = dInput + base;
    float dot = 0.0f;
    for (int j = lane; j < cols; j += 32) dot += logSoftmax ? dy[j] : dy[j] * y[j];
    dot = warp_sum(dot);
    for (int j = lane; j < cols; j += 32) dx[j] = logSoftmax ? dy[j] - dm_expf(y[j]) * dot : y[j] * (dy[j] - dot);
}
