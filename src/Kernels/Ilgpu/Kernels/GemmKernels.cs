// Tiled SGEMM with shared memory and register blocking, generic over the tile (a type parameter, so the CPU
// accelerator's tests use small tiles and the GPU large ones) and over the loaders (so the convolution passes are
// implicit GEMMs on the same core; see ConvKernels.cs). Reference: Cpu/Reference/ReferenceGemm.cs.
//
// out(M, N) = sum_k A(row, k) * B(k, col). A group of T x T threads computes a (4T) x (4T) tile of out; thread
// (tx, ty) holds a 4 x 4 register block at rows ty + T i and columns tx + T j (i, j < 4), so neighbouring threads
// read neighbouring shared-memory words. K advances TileK at a time through two dynamic shared-memory tiles,
// As[TileK][4T + 1] and Bs[TileK][4T + 1] (+1 column against bank conflicts), loaded in the order that is
// contiguous in global memory (the loader's KContiguous). Grid (ceil(N / 4T), ceil(M / 4T), splits): the z index
// selects a K range for split-K, whose partials the host sums in split order (deterministic, no atomics).
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

/// <summary>A GEMM tile: a group of Threads x Threads threads, a (4 Threads)^2 output tile, K steps of TileK.</summary>
public interface IGemmTile
{
    int Threads { get; }

    int TileK { get; }
}

/// <summary>The GPU tile: 16 x 16 threads, 64 x 64 outputs, K steps of 16 (8.5 KB of shared memory).</summary>
public struct Tile64 : IGemmTile
{
    public readonly int Threads => 16;

    public readonly int TileK => 16;
}

/// <summary>The test tile: 4 x 4 threads, 16 x 16 outputs, K steps of 8, so small odd shapes cross several tiles.</summary>
public struct Tile16 : IGemmTile
{
    public readonly int Threads => 4;

    public readonly int TileK => 8;
}

/// <summary>
/// The ilgpu-cpu training tile: one thread per group (4 x 4 outputs), K steps of 32. On ILGPU's CPU accelerator every
/// barrier synchronises OS threads (about 20 us per thread), which made Tile16 about 12x slower on the decoder's
/// largest convolution (measured: 11.3 s against 0.9 s for a 9.4M multiply-add backward-data at batch 2).
/// </summary>
public struct TileCpu : IGemmTile
{
    public readonly int Threads => 1;

    public readonly int TileK => 32;
}

/// <summary>A(row, k) of an implicit GEMM; called only in range.</summary>
public interface IGemmLoadA
{
    bool KContiguous { get; }

    float Load(int row, int k);
}

/// <summary>B(k, col) of an implicit GEMM; called only in range.</summary>
public interface IGemmLoadB
{
    bool KContiguous { get; }

    float Load(int k, int col);
}

/// <summary>Receives out(row, col) of split <c>Grid.IdxZ</c>.</summary>
public interface IGemmStore
{
    void Store(int row, int col, float value);
}

internal static class GemmKernels
{
    /// <summary>Shared-memory floats of one tile pair.</summary>
    public static int SharedFloats(int threads, int tileK) => 2 * tileK * (4 * threads + 1);

    /// <summary>C = alpha op(A) op(B) + beta C (beta = 0 never reads C). Grid (ceil(N / 4T), ceil(M / 4T), 1).</summary>
    [Kernel]
    public static void Gemm<TTile>(MatrixA a, MatrixB b, MatrixC c, int m, int n, int k)
        where TTile : struct, IGemmTile =>
        Tile<TTile, MatrixA, MatrixB, MatrixC>(a, b, c, m, n, k, 1);

    /// <summary>The tiled core: see the file header for the thread mapping and the shared-memory tiles.</summary>
    public static void Tile<TTile, TLoadA, TLoadB, TStore>(TLoadA loadA, TLoadB loadB, TStore store, int m, int n, int k, int splits)
        where TTile : struct, IGemmTile
        where TLoadA : struct, IGemmLoadA
        where TLoadB : struct, IGemmLoadB
        where TStore : struct, IGemmStore
    {
        var tile = default(TTile);
        int t = tile.Threads, tileK = tile.TileK;
        int tileM = 4 * t, stride = tileM + 1, threads = t * t;
        ArrayView<float> shared = SharedMemory.GetDynamic<float>();
        ArrayView<float> tileA = shared.SubView(0, tileK * stride);
        ArrayView<float> tileB = shared.SubView(tileK * stride, tileK * stride);
        int tid = Group.IdxX, tx = tid % t, ty = tid / t;
        int row0 = Grid.IdxY * tileM, col0 = Grid.IdxX * tileM;
        int chunk = DeviceMath.CeilDiv(DeviceMath.CeilDiv(k, splits), tileK) * tileK;
        int kBegin = Grid.IdxZ * chunk;
        int kEnd = kBegin + chunk < k ? kBegin + chunk : k;

        var acc = default(Block4x4);
        for (int k0 = kBegin; k0 < kEnd; k0 += tileK)
        {
            for (int e = tid; e < tileM * tileK; e += threads)
            {
                int kk = loadA.KContiguous ? e % tileK : e / tileM;
                int mm = loadA.KContiguous ? e / tileK : e % tileM;
                int row = row0 + mm, kx = k0 + kk;
                tileA[kk * stride + mm] = row < m && kx < kEnd ? loadA.Load(row, kx) : 0f;
            }
            for (int e = tid; e < tileM * tileK; e += threads)
            {
                int kk = loadB.KContiguous ? e % tileK : e / tileM;
                int nn = loadB.KContiguous ? e / tileK : e % tileM;
                int col = col0 + nn, kx = k0 + kk;
                tileB[kk * stride + nn] = col < n && kx < kEnd ? loadB.Load(kx, col) : 0f;
            }
            Group.Barrier();
            for (int kk = 0; kk < tileK; kk++)
            {
                int a = kk * stride + ty, b = kk * stride + tx;
                acc.Add(tileA[a], tileA[a + t], tileA[a + 2 * t], tileA[a + 3 * t],
                        tileB[b], tileB[b + t], tileB[b + 2 * t], tileB[b + 3 * t]);
            }
            Group.Barrier();
        }
        acc.StoreTo(store, row0 + ty, col0 + tx, t, m, n);
    }
}

/// <summary>A thread's 4 x 4 register block of accumulators (sixteen scalars, never indexed, so they stay in registers).</summary>
internal struct Block4x4
{
    private float _c00, _c01, _c02, _c03, _c10, _c11, _c12, _c13, _c20, _c21, _c22, _c23, _c30, _c31, _c32, _c33;

    /// <summary>The outer product of column (a0..a3) and row (b0..b3), accumulated.</summary>
    public void Add(float a0, float a1, float a2, float a3, float b0, float b1, float b2, float b3)
    {
        _c00 += a0 * b0; _c01 += a0 * b1; _c02 += a0 * b2; _c03 += a0 * b3;
        _c10 += a1 * b0; _c11 += a1 * b1; _c12 += a1 * b2; _c13 += a1 * b3;
        _c20 += a2 * b0; _c21 += a2 * b1; _c22 += a2 * b2; _c23 += a2 * b3;
        _c30 += a3 * b0; _c31 += a3 * b1; _c32 += a3 * b2; _c33 += a3 * b3;
    }

    /// <summary>Element (i, j) goes to (row + step i, col + step j) when inside (m, n).</summary>
    public readonly void StoreTo<TStore>(TStore store, int row, int col, int step, int m, int n)
        where TStore : struct, IGemmStore
    {
        StoreRow(store, row, col, step, m, n, _c00, _c01, _c02, _c03);
        StoreRow(store, row + step, col, step, m, n, _c10, _c11, _c12, _c13);
        StoreRow(store, row + 2 * step, col, step, m, n, _c20, _c21, _c22, _c23);
        StoreRow(store, row + 3 * step, col, step, m, n, _c30, _c31, _c32, _c33);
    }

    private static void StoreRow<TStore>(TStore store, int row, int col, int step, int m, int n, float v0, float v1, float v2, float v3)
        where TStore : struct, IGemmStore
    {
        if (row >= m)
        {
            return;
        }
        if (col < n) store.Store(row, col, v0);
        if (col + step < n) store.Store(row, col + step, v1);
        if (col + 2 * step < n) store.Store(row, col + 2 * step, v2);
        if (col + 3 * step < n) store.Store(row, col + 3 * step, v3);
    }
}

/// <summary>A (M, K), or (K, M) when transposed: A(row, k) = a[row K + k] or a[k M + row].</summary>
public struct MatrixA(ArrayView<float> a, int m, int k, bool transpose) : IGemmLoadA
{
    private readonly ArrayView<float> _a = a;
    private readonly int _m = m, _k = k, _transpose = transpose ? 1 : 0;

    public readonly bool KContiguous => _transpose == 0;

    public readonly float Load(int row, int kx) => _transpose == 0 ? _a[(long)row * _k + kx] : _a[(long)kx * _m + row];
}

/// <summary>B (K, N), or (N, K) when transposed: B(k, col) = b[k N + col] or b[col K + k].</summary>
public struct MatrixB(ArrayView<float> b, int n, int k, bool transpose) : IGemmLoadB
{
    private readonly ArrayView<float> _b = b;
    private readonly int _n = n, _k = k, _transpose = transpose ? 1 : 0;

    public readonly bool KContiguous => _transpose != 0;

    public readonly float Load(int kx, int col) => _transpose != 0 ? _b[(long)col * _k + kx] : _b[(long)kx * _n + col];
}

/// <summary>C (M, N) = alpha sum + beta C; beta = 0 never reads C (it may hold NaN from the pool).</summary>
public struct MatrixC(ArrayView<float> c, int n, float alpha, float beta) : IGemmStore
{
    private readonly ArrayView<float> _c = c;
    private readonly int _n = n;
    private readonly float _alpha = alpha, _beta = beta;

    public readonly void Store(int row, int col, float value)
    {
        long at = (long)row * _n + col;
        _c[at] = _beta == 0f ? _alpha * value : _alpha * value + _beta * _c[at];
    }
}
