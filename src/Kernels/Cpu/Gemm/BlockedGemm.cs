// The blocked, packed SGEMM driver (BLIS loop order): for each NC column block and KC depth block, pack
// op(B) and op(A) once, then run MR x NR micro-kernel tiles over (MC rows x NCHUNK columns) tasks in parallel.
// M, N, K = the GEMM sizes; C (M, N) row stride ldc; A, B as stored with row strides lda, ldb.
namespace Engine.Kernels.Cpu.Gemm;

using Engine.Kernels.Cpu.Fast;

internal static unsafe class BlockedGemm<TKernel>
    where TKernel : struct, IMicroKernel
{
    private const int KC = 256;       // depth of a packed block: an A panel (MR x KC) plus a B panel (KC x NR) fit L1
    private const int NC = 4096;      // columns of B packed at once (KC x NC floats, 4 MiB, stays in L2/L3)
    private const int MinParallelMacs = 1 << 18;

    private static int MC => TKernel.MR * Math.Max(1, 128 / TKernel.MR);  // rows per task: an A block of MC x KC in L2

    private static int NChunk => TKernel.NR * Math.Max(1, 256 / TKernel.NR);  // columns per task

    public static void Run(
        float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, int m, int n, int k,
        float alpha, float beta, float* c, int ldc, int threads, ScratchPool scratch)
    {
        int mr = TKernel.MR, nr = TKernel.NR;
        if ((long)m * n * k < MinParallelMacs)
        {
            threads = 1;
        }
        int mPadded = (m + mr - 1) / mr * mr;
        int ncMax = Math.Min(n, NC);
        int ncPadded = (ncMax + nr - 1) / nr * nr;
        int kcMax = Math.Min(k, KC);
        float[] packedA = scratch.Rent(mPadded * kcMax);
        float[] packedB = scratch.Rent(ncPadded * kcMax);
        try
        {
            fixed (float* pa = packedA, pb = packedB)
            {
                for (int jc = 0; jc < n; jc += NC)
                {
                    int nc = Math.Min(NC, n - jc);
                    for (int pc = 0; pc < k; pc += KC)
                    {
                        int kc = Math.Min(KC, k - pc);
                        var block = new Block(a, lda, transposeA, b, ldb, transposeB, m, jc, nc, pc, kc,
                            alpha, pc == 0 ? beta : 1f, c, ldc, pa, pb);
                        Pack(block, threads);
                        Compute(block, threads);
                    }
                }
            }
        }
        finally
        {
            scratch.Return(packedB);
            scratch.Return(packedA);
        }
    }

    private static void Pack(Block x, int threads)
    {
        var (aTasks, bTasks) = Split(x.M, x.Nc, threads);
        int mTiles = Tiles(x.M, TKernel.MR), nTiles = Tiles(x.Nc, TKernel.NR);
        CpuParallel.For(aTasks + bTasks, threads, t =>
        {
            if (t < aTasks)
            {
                var (i0, rows) = Share(t, aTasks, mTiles, TKernel.MR, x.M);
                Packing.PackA(x.A, x.Lda, x.TransposeA, i0, rows, x.Pc, x.Kc, TKernel.MR, x.PackedA + (long)i0 * x.Kc);
            }
            else
            {
                var (j0, cols) = Share(t - aTasks, bTasks, nTiles, TKernel.NR, x.Nc);
                Packing.PackB(x.B, x.Ldb, x.TransposeB, x.Pc, x.Kc, x.Jc + j0, cols, TKernel.NR, x.PackedB + (long)j0 * x.Kc);
            }
        });
    }

    private static void Compute(Block x, int threads)
    {
        var (mTasks, nTasks) = Split(x.M, x.Nc, threads);
        int mTiles = Tiles(x.M, TKernel.MR), nTiles = Tiles(x.Nc, TKernel.NR);
        CpuParallel.For(mTasks * nTasks, threads, t =>
        {
            var (i0, rows) = Share(t % mTasks, mTasks, mTiles, TKernel.MR, x.M);
            var (j0, cols) = Share(t / mTasks, nTasks, nTiles, TKernel.NR, x.Nc);
            Tile(x, i0, rows, j0, cols);
        });
    }

    // The tasks of a block: about MC rows by NChunk columns each. On more than one thread a few tasks are made a multiple
    // of the thread count (the dimension with the larger tasks split further), so no thread is left alone with a
    // remainder: 256 rows were 126 + 126 + 4 rows, one thread doing two thirds of the work.
    private static (int MTasks, int NTasks) Split(int m, int n, int threads)
    {
        int mTiles = Tiles(m, TKernel.MR), nTiles = Tiles(n, TKernel.NR);
        int mTasks = Tiles(mTiles, MC / TKernel.MR), nTasks = Tiles(nTiles, NChunk / TKernel.NR);
        while (threads > 1 && mTasks * nTasks % threads != 0 && mTasks * nTasks < 8 * threads)
        {
            bool rows = mTasks < mTiles && (nTasks == nTiles || (double)mTiles / mTasks >= (double)nTiles / nTasks);
            if (rows)
            {
                mTasks++;
            }
            else if (nTasks < nTiles)
            {
                nTasks++;
            }
            else
            {
                break;
            }
        }
        return (mTasks, nTasks);
    }

    // Task t of count gets an equal share of the tiles (sizes differ by at most one tile): its first index and length.
    private static (int Start, int Length) Share(int t, int count, int tiles, int tile, int length)
    {
        int start = (int)((long)t * tiles / count) * tile, end = (int)((long)(t + 1) * tiles / count) * tile;
        return (start, Math.Min(end, length) - start);
    }

    private static int Tiles(int length, int tile) => (length + tile - 1) / tile;

    // One task: columns outer (a B micro-panel stays in L1), rows inner (A micro-panels stream from L2).
    private static void Tile(Block x, int i0, int rows, int j0, int cols)
    {
        int mr = TKernel.MR, nr = TKernel.NR, kc = x.Kc;
        float* edge = stackalloc float[mr * nr];
        for (int jr = 0; jr < cols; jr += nr)
        {
            int w = Math.Min(nr, cols - jr);
            float* bPanel = x.PackedB + (long)(j0 + jr) * kc;
            for (int ir = 0; ir < rows; ir += mr)
            {
                int h = Math.Min(mr, rows - ir);
                float* aPanel = x.PackedA + (long)(i0 + ir) * kc;
                float* cTile = x.C + (long)(i0 + ir) * x.Ldc + x.Jc + j0 + jr;
                if (h == mr && w == nr)
                {
                    TKernel.Run(kc, aPanel, bPanel, cTile, x.Ldc, x.Alpha, x.Beta);
                    continue;
                }
                TKernel.Run(kc, aPanel, bPanel, edge, nr, 1f, 0f);
                for (int i = 0; i < h; i++)
                {
                    for (int j = 0; j < w; j++)
                    {
                        float* at = cTile + (long)i * x.Ldc + j;
                        float v = x.Alpha * edge[i * nr + j];
                        *at = x.Beta == 0f ? v : v + x.Beta * *at;
                    }
                }
            }
        }
    }

    /// <summary>One (jc, pc) step: the operands, the block's place, and its packed panels.</summary>
    private readonly struct Block(
        float* a, int lda, bool transposeA, float* b, int ldb, bool transposeB, int m, int jc, int nc, int pc, int kc,
        float alpha, float beta, float* c, int ldc, float* packedA, float* packedB)
    {
        public readonly float* A = a, B = b, C = c, PackedA = packedA, PackedB = packedB;
        public readonly int Lda = lda, Ldb = ldb, Ldc = ldc, M = m, Jc = jc, Nc = nc, Pc = pc, Kc = kc;
        public readonly bool TransposeA = transposeA, TransposeB = transposeB;
        public readonly float Alpha = alpha, Beta = beta;
    }
}
