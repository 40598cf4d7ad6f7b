// Convolution forward, backward-data and backward-weight lowered to the blocked SGEMM over the whole batch:
// col (C*R*S, L) = im2col(input), L = N*P*Q; Y (K, L) = W (K, C*R*S) col; the permutes give NCHW back.
// 1 x 1 stride-1 unpadded convolutions skip im2col (col is the input with N and C swapped).
namespace Engine.Kernels.Cpu.Fast;

using Engine.Kernels.Cpu.Gemm;

internal static unsafe class ConvGemm
{
    private const int MinImagesPerTask = 1;

    /// <summary>output (N, K, P, Q) = conv(input (N, C, H, W), weight (K, C, R, S)). Writes (=).</summary>
    public static void Forward(float* input, float* weight, ConvGeometry g, float* output, int threads, ScratchPool scratch,
        SimdLevel level)
    {
        int crs = g.C * g.R * g.S, pq = g.P * g.Q;
        long l = (long)g.N * pq;
        float[] col = scratch.Rent(checked((int)(crs * l)));
        float[] y = scratch.Rent(checked((int)(g.K * l)));
        try
        {
            fixed (float* pCol = col, pY = y)
            {
                Lower(input, g, pCol, threads);
                Sgemm.Run(weight, pCol, g.K, (int)l, crs, false, false, 1f, 0f, pY, threads, scratch, level);
                PermuteParallel(pY, g.K, g.N, pq, output, threads);     // (K, N, PQ) -> (N, K, PQ)
            }
        }
        finally
        {
            scratch.Return(y);
            scratch.Return(col);
        }
    }

    /// <summary>dInput (N, C, H, W) from dOutput (N, K, P, Q) and weight (K, C, R, S). Writes (=).</summary>
    public static void BackwardData(float* dOutput, float* weight, ConvGeometry g, float* dInput, int threads,
        ScratchPool scratch, SimdLevel level)
    {
        int crs = g.C * g.R * g.S, pq = g.P * g.Q;
        long l = (long)g.N * pq;
        float[] dY = scratch.Rent(checked((int)(g.K * l)));
        float[] dCol = scratch.Rent(checked((int)(crs * l)));
        try
        {
            fixed (float* pDy = dY, pDcol = dCol)
            {
                PermuteParallel(dOutput, g.N, g.K, pq, pDy, threads);   // (N, K, PQ) -> (K, N, PQ)
                Sgemm.Run(weight, pDy, crs, (int)l, g.K, true, false, 1f, 0f, pDcol, threads, scratch, level);
                if (IsPointwise(g))
                {
                    PermuteParallel(pDcol, g.C, g.N, pq, dInput, threads);
                }
                else
                {
                    nint dc = (nint)pDcol, dx = (nint)dInput;
                    ForImages(g.N, threads, (n0, n1) => Im2Col.Scatter((float*)dc, g, n0, n1, (float*)dx));
                }
            }
        }
        finally
        {
            scratch.Return(dCol);
            scratch.Return(dY);
        }
    }

    /// <summary>dWeight (K, C, R, S) = sum over the batch of dOutput (N, K, P, Q) times input patches. Writes (=).</summary>
    public static void BackwardWeight(float* input, float* dOutput, ConvGeometry g, float* dWeight, int threads,
        ScratchPool scratch, SimdLevel level)
    {
        int crs = g.C * g.R * g.S, pq = g.P * g.Q;
        long l = (long)g.N * pq;
        float[] col = scratch.Rent(checked((int)(crs * l)));
        float[] dY = scratch.Rent(checked((int)(g.K * l)));
        try
        {
            fixed (float* pCol = col, pDy = dY)
            {
                Lower(input, g, pCol, threads);
                PermuteParallel(dOutput, g.N, g.K, pq, pDy, threads);
                Sgemm.Run(pDy, pCol, g.K, crs, (int)l, false, true, 1f, 0f, dWeight, threads, scratch, level);
            }
        }
        finally
        {
            scratch.Return(dY);
            scratch.Return(col);
        }
    }

    private static bool IsPointwise(ConvGeometry g) =>
        g.R == 1 && g.S == 1 && g.StrideH == 1 && g.StrideW == 1 && g.PadH == 0 && g.PadW == 0;

    // col = im2col(input); for a pointwise convolution that is just (N, C, HW) -> (C, N, HW).
    private static void Lower(float* input, ConvGeometry g, float* col, int threads)
    {
        if (IsPointwise(g))
        {
            PermuteParallel(input, g.N, g.C, g.H * g.W, col, threads);
            return;
        }
        nint x = (nint)input, c = (nint)col;
        ForImages(g.N, threads, (n0, n1) => Im2Col.Gather((float*)x, g, n0, n1, (float*)c));
    }

    private static void PermuteParallel(float* input, int countA, int countB, int inner, float* output, int threads)
    {
        nint x = (nint)input, y = (nint)output;
        if ((long)countA * countB * inner < 1 << 15)
        {
            threads = 1;
        }
        ForImages(countA, threads, (a0, a1) => Im2Col.Permute((float*)x, countA, countB, inner, a0, a1, (float*)y));
    }

    private static void ForImages(int count, int threads, Action<int, int> body) =>
        CpuParallel.ForRanges(count, threads, MinImagesPerTask, body, align: 1);
}
