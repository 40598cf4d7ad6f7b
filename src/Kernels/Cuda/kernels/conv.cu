// 2-D convolution (cross-correlation, no bias) and its two backward passes as implicit GEMMs on the tiled
// core of gemm_tile.cuh; the im2col matrix is never stored, its elements are gathered in the loaders.
// input (N, C, H, W), weight (K, C, R, S), output (N, K, P, Q); N = batch, C/K = in/out channels,
// R, S = kernel size, P, Q = output size; sh, sw = strides, ph, pw = paddings.
// Entry points (all write (=); grid (ceil(cols/64), ceil(rows/64), splits), 256 threads):
//   conv2d_forward(input, weight, n, c, h, w, k, r, s, sh, sw, ph, pw, p, q, output)
//       rows K, cols N*P*Q, contraction C*R*S:  output[n,k,p,q] = sum_{c,r,s} weight[k,c,r,s] * input[n,c,p*sh-ph+r,q*sw-pw+s]
//   conv2d_backward_data(dOutput, weight, n, c, h, w, k, r, s, sh, sw, ph, pw, p, q, dInput)
//       rows C, cols N*H*W, contraction K*R*S:  dInput[n,c,y,x] = sum_{k,r,s} weight[k,c,r,s] * dOutput[n,k,(y+ph-r)/sh,(x+pw-s)/sw]
//       (terms whose division is inexact or out of range are zero); also the transposed convolution's forward.
//   conv2d_backward_weight(input, dOutput, n, c, h, w, k, r, s, sh, sw, ph, pw, p, q, splits, dWeight)
//       rows K, cols C*R*S, contraction N*P*Q, split over blockIdx.z into dWeight + z * K*C*R*S; with splits > 1
//       the host passes a workspace and sums the partials in order with sum_forward (deterministic).
#include "common.cuh"
#include "gemm_tile.cuh"

struct ConvShape { int n, c, h, w, k, r, s, sh, sw, ph, pw, p, q; };

// input pixel for output position (ni, oy, ox) and kernel tap (ci, ry, sx), 0 in the padding
DEV float gather_input(const float* input, const ConvShape& g, int ni, int ci, int oy, int ox, int ry, int sx)
{
    int iy = oy * g.sh - g.ph + ry, ix = ox * g.sw - g.pw + sx;
    if (iy < 0 || iy >= g.h || ix < 0 || ix >= g.w) return 0.0f;
    return input[(((long long)ni * g.c + ci) * g.h + iy) * g.w + ix];
}

struct FwdLoadWeight   // A(k, crs) = weight[k, crs]
{
    const float* weight; ConvShape g; bool kContiguous;
    __device__ float operator()(int row, int kx) const { return weight[(long long)row * (g.c * g.r * g.s) + kx]; }
};

struct FwdLoadInput    // B(crs, npq) = input gathered
{
    const float* input; ConvShape g; bool kContiguous;
    __device__ float operator()(int kx, int col) const
    {
        int rs = g.r * g.s, pq = g.p * g.q;
        int ci = kx / rs, ry = kx % rs / g.s, sx = kx % g.s;
        int ni = col / pq, oy = col % pq / g.q, ox = col % g.q;
        return gather_input(input, g, ni, ci, oy, ox, ry, sx);
    }
};

struct FwdStore        // output[n, k, pq]
{
    float* output; ConvShape g;
    __device__ void operator()(int row, int col, float sum) const
    {
        int pq = g.p * g.q, ni = col / pq;
        output[((long long)ni * g.k + row) * pq + col % pq] = sum;
    }
};

KERNEL void __launch_bounds__(TILE_THREADS) conv2d_forward(
    const float* __restrict__ input, const float* __restrict__ weight,
    int n, int c, int h, int w, int k, int r, int s, int sh, int sw, int ph, int pw, int p, int q,
    float* __restrict__ output)
{
    ConvShape g = { n, c, h, w, k, r, s, sh, sw, ph, pw, p, q };
    FwdLoadWeight loadA = { weight, g, true };
    FwdLoadInput loadB = { input, g, false };
    FwdStore store = { output, g };
    gemm_tile(loadA, loadB, store, k, n * p * q, c * r * s, 1);
}

struct BwdDataLoadWeight   // A(c, krs) = weight[k, c, rs]
{
    const float* weight; ConvShape g; bool kContiguous;
    __device__ float operator()(int row, int kx) const
    {
        int rs = g.r * g.s, ki = kx / rs;
        return weight[((long long)ki * g.c + row) * rs + kx % rs];
    }
};

struct BwdDataLoadGrad     // B(krs, nhw) = dOutput at the output position that read (y, x) through tap (r, s)
{
    const float* dOutput; ConvShape g; bool kContiguous;
    __device__ float operator()(int kx, int col) const
    {
        int rs = g.r * g.s, hw = g.h * g.w;
        int ki = kx / rs, ry = kx % rs / g.s, sx = kx % g.s;
        int ni = col / hw, y = col % hw / g.w, x = col % g.w;
        int ty = y + g.ph - ry, tx = x + g.pw - sx;
        if (ty < 0 || tx < 0 || ty % g.sh != 0 || tx % g.sw != 0) return 0.0f;
        int oy = ty / g.sh, ox = tx / g.sw;
        if (oy >= g.p || ox >= g.q) return 0.0f;
        return dOutput[(((long long)ni * g.k + ki) * g.p + oy) * g.q + ox];
    }
};

struct BwdDataStore        // dInput[n, c, hw]
{
    float* dInput; ConvShape g;
    __device__ void operator()(int row, int col, float sum) const
    {
        int hw = g.h * g.w, ni = col / hw;
        dInput[((long long)ni * g.c + row) * hw + col % hw] = sum;
    }
};

KERNEL void __launch_bounds__(TILE_THREADS) conv2d_backward_data(
    const float* __restrict__ dOutput, const float* __restrict__ weight,
    int n, int c, int h, int w, int k, int r, int s, int sh, int sw, int ph, int pw, int p, int q,
    float* __restrict__ dInput)
{
    ConvShape g = { n, c, h, w, k, r, s, sh, sw, ph, pw, p, q };
    BwdDataLoadWeight loadA = { weight, g, true };
    BwdDataLoadGrad loadB = { dOutput, g, false };
    BwdDataStore store = { dInput, g };
    gemm_tile(loadA, loadB, store, c, n * h * w, k * r * s, 1);
}

struct BwdWeightLoadGrad   // A(k, npq) = dOutput[n, k, pq]
{
    const float* dOutput; ConvShape g; bool kContiguous;
    __device__ float operator()(int row, int kx) const
    {
        int pq = g.p * g.q, ni = kx / pq;
        return dOutput[((long long)ni * g.k + row) * pq + kx % pq];
    }
};

struct BwdWeightLoadInput  // B(npq, crs) = input gathered
{
    const float* input; ConvShape g; bool kContiguous;
    __device__ float operator()(int kx, int col) const
    {
        int rs = g.r * g.s, pq = g.p * g.q;
        int ci = col / rs, ry = col % rs / g.s, sx = col % g.s;
        int ni = kx / pq, oy = kx % pq / g.q, ox = kx % g.q;
        return gather_input(input, g, ni, ci, oy, ox, ry, sx);
    }
};

struct BwdWeightStore      // dWeight (+ split * K*C*R*S)[k, crs]
{
    float* dWeight; int crs; long long splitStride;
    __device__ void operator()(int row, int col, float sum) const
    {
        dWeight[blockIdx.z * splitStride + (long long)row * crs + col] = sum;
    }
};

KERNEL void __launch_bounds__(TILE_THREADS) conv2d_backward_weight(
    const float* __restrict__ input, const float* __restrict__ dOutput,
    int n, int c, int h, int w, int k, int r, int s, int sh, int sw, int ph, int pw, int p, int q, int splits,
    float* __restrict__ dWeight)
{
    ConvShape g = { n, c, h, w, k, r, s, sh, sw, ph, pw, p, q };
    int crs = c * r * s;
    BwdWeightLoadGrad loadA = { dOutput, g, true };
    BwdWeightLoadInput loadB = { input, g, false };
    BwdWeightStore store = { dWeight, crs, (long long)k * crs };
    gemm_tile(loadA, loadB, store, k, crs, n * p * q, splits);
}
