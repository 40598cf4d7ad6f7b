// The tiled SGEMM core shared by gemm.cu and conv.cu (implicit GEMM): out(M, N) = sum_k A(row, k) * B(k, col).
// A block of 256 threads computes a 64 x 64 tile of out; each thread a 4 x 4 register block at rows
// ty + 16 i and columns tx + 16 j. K advances 16 at a time through shared memory. Loaders are functors
// returning A(row, k) and B(k, col) (only called in range); their kContiguous flag picks the coalesced
// load order. blockIdx.z selects a K range [kBegin, kEnd) for split-K; store receives (row, col, value).
#pragma once

#define TILE_M 64
#define TILE_N 64
#define TILE_K 16
#define TILE_THREADS 256

template <class LoadA, class LoadB, class Store>
DEV void gemm_tile(const LoadA& loadA, const LoadB& loadB, const Store& store, int m, int n, int k, int splits)
{
    __shared__ float As[TILE_K][TILE_M + 1];
    __shared__ float Bs[TILE_K][TILE_N + 1];
    int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
    int row0 = blockIdx.y * TILE_M, col0 = blockIdx.x * TILE_N;
    int chunk = ceil_div(ceil_div(k, splits), TILE_K) * TILE_K;
    int kBegin = blockIdx.z * chunk;
    int kEnd = kBegin + chunk < k ? kBegin + chunk : k;

    float acc[4][4];
#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] = 0.0f;

    for (int k0 = kBegin; k0 < kEnd; k0 += TILE_K)
    {
        for (int l = 0; l < (TILE_M * TILE_K) / TILE_THREADS; l++)
        {
            int e = tid + l * TILE_THREADS;
            int kk = loadA.kContiguous ? e % TILE_K : e / TILE_M;
            int mm = loadA.kContiguous ? e / TILE_K : e % TILE_M;
            int row = row0 + mm, kx = k0 + kk;
            As[kk][mm] = row < m && kx < kEnd ? loadA(row, kx) : 0.0f;
        }
        for (int l = 0; l < (TILE_N * TILE_K) / TILE_THREADS; l++)
        {
            int e = tid + l * TILE_THREADS;
            int kk = loadB.kContiguous ? e % TILE_K : e / TILE_N;
            int nn = loadB.kContiguous ? e / TILE_K : e % TILE_N;
            int col = col0 + nn, kx = k0 + kk;
            Bs[kk][nn] = col < n && kx < kEnd ? loadB(kx, col) : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < TILE_K; kk++)
        {
            float a[4], b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) a[i] = As[kk][ty + 16 * i];
#pragma unroll
            for (int j = 0; j < 4; j++) b[j] = Bs[kk][tx + 16 * j];
#pragma unroll
            for (int i = 0; i < 4; i++)
#pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] = __builtin_fmaf(a[i], b[j], acc[i][j]);
        }
        __syncthreads();
    }

#pragma unroll
    for (int i = 0; i < 4; i++)
#pragma unroll
        for (int j = 0; j < 4; j++)
        {
            int row = row0 + ty + 16 * i, col = col0 + tx + 16 * j;
            if (row < m && col < n) store(row, col, acc[i][j]);
        }
}
