// Tiled SGEMM (see gemm_tile.cuh): C = alpha * op(A) op(B) + beta * C.
// M, N = rows and columns of C, K = the contracted dimension; A is (M, K), or (K, M) when transposeA;
// B is (K, N), or (N, K) when transposeB. beta = 0 never reads C (it may hold NaN from the pool).
// Entry point:
//   gemm_forward(a, b, m, n, k, transposeA, transposeB, alpha, beta, c)   grid (ceil(N/64), ceil(M/64)), 256 threads
#include "common.cuh"
#include "gemm_tile.cuh"

struct GemmLoadA
{
    const float* a; int m, k; bool kContiguous;   // kContiguous = !transposeA
    __device__ float operator()(int row, int kx) const { return kContiguous ? a[(long long)row * k + kx] : a[(long long)kx * m + row]; }
};

struct GemmLoadB
{
    const float* b; int n, k; bool kContiguous;   // kContiguous = transposeB
    __device__ float operator()(int kx, int col) const { return kContiguous ? b[(long long)col * k + kx] : b[(long long)kx * n + col]; }
};

struct GemmStore
{
    float* c; int n; float alpha, beta;
    __device__ void operator()(int row, int col, float sum) const
    {
        long long at = (long long)row * n + col;
        c[at] = beta == 0.0f ? alpha * sum : alpha * sum + beta * c[at];
    }
};

KERNEL void __launch_bounds__(TILE_THREADS) gemm_forward(
    const float* __restrict__ a, const float* __restrict__ b, int m, int n, int k, int transposeA, int transposeB,
    float alpha, float beta, float* c)
{
    GemmLoadA loadA = { a, m, k, transposeA == 0 };
    GemmLoadB loadB = { b, n, k, transposeB != 0 };
    GemmStore store = { c, n, alpha, beta };
    gemm_tile(loadA, loadB, store, m, n, k, 1);
}
