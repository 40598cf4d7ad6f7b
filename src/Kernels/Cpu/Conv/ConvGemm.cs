// The fast CPU convolution: one chooser (Choose) picks an algorithm per shape and pass, and this file runs it.
// The general algorithm lowers forward, backward-data and backward-weight to the blocked SGEMM over the whole batch:
// col (C*R*S, L) = im2col(input), L = N*P*Q; Y (K, L) = W (K, C*R*S) col; the permutes give NCHW back.
// 1 x 1 stride-1 unpadded convolutions skip im2col (col is the input with N and C swapped). The batch is
// processed in chunks of images so the column matrix stays bounded (about 4 MiB). Few output channels go to
// DirectConv, stride-2 passes on large planes to the phase split (PhaseConvForward, PhaseConv, PhaseConvWeight).
namespace Engine.Kernels.Cpu.Conv;

using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

internal static unsafe class ConvGemm
{
    private const int MinImagesPerTask = 1;
    private const int MaxColumnFloats = 1 << 20;
    private const int CacheColumnFloats = 1 << 16;   // 256 KiB of columns per thread: they stay in its L2 through the GEMM

    /// <summary>
    /// The algorithm that runs one pass of a convolution at a vector width: the only place the choice is made (the
    /// benchmarks print it per shape). Direct where the output has few channels (im2col + GEMM would be a GEMV over a
    /// 49x-expanded matrix); the phase split for stride-2 passes where it measured faster (Engine.Bench phase-ab):
    /// forward and backward-data from 8 x 8 outputs, backward-weight from 7 x 7 outputs up, each with 16+
    /// input channels (on smaller planes the padded grid's margins and per-phase weight copies cost more; with fewer channels
    /// the vectors run mostly empty); else im2col + GEMM (no im2col for 1 x 1).
    /// The scalar level (the oracle's width) always takes the GEMM route.
    /// </summary>
    public static ConvAlgorithm Choose(ConvGeometry g, ConvPass pass, SimdLevel level, PhaseSplit split = PhaseSplit.Auto)
    {
        bool vectors = SimdWidths.Resolve(level) != SimdLevel.Scalar;
        if (vectors && DirectConv.Applies(g))
        {
            return ConvAlgorithm.Direct;
        }
        if (PhaseAxis.Applies(g))
        {
            bool phase = split switch
            {
                PhaseSplit.Always => true,
                PhaseSplit.Never => false,
                _ => vectors && g.C >= 16 && g.P * g.Q >= (pass == ConvPass.BackwardWeight ? 40 : 64),
            };
            if (phase)
            {
                return ConvAlgorithm.PhaseSplit;
            }
        }
        return IsPointwise(g) ? ConvAlgorithm.PointwiseGemm : ConvAlgorithm.Im2ColGemm;
    }

    /// <summary>Whether an algorithm can run this pass and shape at all (the CPU lab times every one that can).</summary>
    public static bool CanRun(ConvAlgorithm algorithm, ConvGeometry g, ConvPass pass, SimdLevel level) => algorithm switch
    {
        ConvAlgorithm.Direct => DirectConv.Applies(g) && SimdWidths.Resolve(level) != SimdLevel.Scalar,
        ConvAlgorithm.PhaseSplit => PhaseAxis.Applies(g),
        ConvAlgorithm.PointwiseGemm => IsPointwise(g),
        _ => true,
    };

    // The chooser's pick, or the algorithm a caller forces (the CPU lab); a forced one that cannot run is refused.
    private static ConvAlgorithm Pick(ConvAlgorithm? forced, ConvGeometry g, ConvPass pass, SimdLevel level, PhaseSplit split)
    {
        if (forced is not { } algorithm)
        {
            return Choose(g, pass, level, split);
        }
        if (!CanRun(algorithm, g, pass, level))
        {
            throw new ArgumentException($"{algorithm} cannot run {pass} of this geometry at {SimdWidths.Describe(level)}.", nameof(forced));
        }
        return algorithm == ConvAlgorithm.PointwiseGemm ? ConvAlgorithm.Im2ColGemm : algorithm;   // the GEMM route skips im2col itself
    }

    /// <summary>output (N, K, P, Q) = conv(input (N, C, H, W), weight (K, C, R, S)). Writes (=).</summary>
    public static void Forward(float* input, float* weight, ConvGeometry g, float* output, int threads, ScratchPool scratch,
        SimdLevel level, PhaseSplit split = PhaseSplit.Auto, ConvAlgorithm? algorithm = null)
    {
        switch (Pick(algorithm, g, ConvPass.Forward, level, split))
        {
            case ConvAlgorithm.Direct:
                DirectConv.Forward(input, weight, g, output, threads, scratch, level);
                return;
            case ConvAlgorithm.PhaseSplit:
                PhaseConvForward.Forward(input, weight, g, output, threads, scratch, level);
                return;
        }
        int images = ImagesPerChunk(g);
        if (threads > 1 && images < g.N)
        {
            // Large planes: the batch's columns do not fit the cache at once, so lowering, packing and the GEMM would each
            // stream them from memory and the two cores would share one memory bus (measured: no speed-up). Instead each
            // thread takes whole images, a few at a time, lowered into its own cache-sized columns, on its own.
            int few = Math.Clamp(CacheColumnFloats / Math.Max(1, Math.Max(g.C * g.R * g.S, g.K) * g.P * g.Q), 1, g.N);
            int chunks = (g.N + few - 1) / few;
            nint px = (nint)input, pw = (nint)weight, py = (nint)output;
            CpuParallel.For(chunks, threads, chunk =>
            {
                int n0 = chunk * few;
                ForwardChunk((float*)px, (float*)pw, g, n0, Math.Min(few, g.N - n0), (float*)py, 1, scratch, level);
            });
            return;
        }
        for (int n0 = 0; n0 < g.N; n0 += images)
        {
            ForwardChunk(input, weight, g, n0, Math.Min(images, g.N - n0), output, threads, scratch, level);
        }
    }

    // output images n0 .. n0 + count - 1 = W times the lowered images (im2col, one GEMM, the permute back to NCHW).
    private static void ForwardChunk(float* input, float* weight, ConvGeometry g, int n0, int count, float* output, int threads,
        ScratchPool scratch, SimdLevel level)
    {
        int crs = g.C * g.R * g.S, pq = g.P * g.Q;
        var c = g with { N = count };
        float[] col = scratch.Rent(crs * pq * count);
        float[] y = scratch.Rent(g.K * pq * count);
        try
        {
            fixed (float* pCol = col, pY = y)
            {
                Lower(input + (long)n0 * g.C * g.H * g.W, c, pCol, threads);
                Sgemm.Run(weight, pCol, g.K, count * pq, crs, false, false, 1f, 0f, pY, threads, scratch, level);
                PermuteParallel(pY, g.K, count, pq, output + (long)n0 * g.K * pq, threads);   // (K, N, PQ) -> (N, K, PQ)
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
        ScratchPool scratch, SimdLevel level, PhaseSplit split = PhaseSplit.Auto, ConvAlgorithm? algorithm = null)
    {
        switch (Pick(algorithm, g, ConvPass.BackwardData, level, split))
        {
            case ConvAlgorithm.Direct:
                DirectConv.BackwardData(dOutput, weight, g, dInput, threads, scratch, level);
                return;
            case ConvAlgorithm.PhaseSplit:
                PhaseConv.BackwardData(dOutput, weight, g, dInput, threads, scratch, level);
                return;
        }
        int images = ImagesPerChunk(g);
        for (int n0 = 0; n0 < g.N; n0 += images)
        {
            BackwardDataChunk(dOutput, weight, g, n0, Math.Min(images, g.N - n0), dInput, threads, scratch, level);
        }
    }

    // dInput images n0 .. n0 + count - 1 = scatter(W^T dOutput) of those images (the permute to (K, N, PQ), one GEMM, col2im).
    private static void BackwardDataChunk(float* dOutput, float* weight, ConvGeometry g, int n0, int count, float* dInput,
        int threads, ScratchPool scratch, SimdLevel level)
    {
        int crs = g.C * g.R * g.S, pq = g.P * g.Q;
        var c = g with { N = count };
        float[] dY = scratch.Rent(g.K * pq * count);
        float[] dCol = scratch.Rent(crs * pq * count);
        try
        {
            fixed (float* pDy = dY, pDcol = dCol)
            {
                float* dx = dInput + (long)n0 * g.C * g.H * g.W;
                PermuteParallel(dOutput + (long)n0 * g.K * pq, count, g.K, pq, pDy, threads);   // (N, K, PQ) -> (K, N, PQ)
                Sgemm.Run(weight, pDy, crs, count * pq, g.K, true, false, 1f, 0f, pDcol, threads, scratch, level);
                if (IsPointwise(g))
                {
                    PermuteParallel(pDcol, g.C, count, pq, dx, threads);
                    return;
                }
                nint dc = (nint)pDcol, px = (nint)dx;
                ForImages(count, threads, (i0, i1) => Im2Col.Scatter((float*)dc, c, i0, i1, (float*)px));
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
        ScratchPool scratch, SimdLevel level, PhaseSplit split = PhaseSplit.Auto, ConvAlgorithm? algorithm = null)
    {
        switch (Pick(algorithm, g, ConvPass.BackwardWeight, level, split))
        {
            case ConvAlgorithm.Direct:
                DirectConvWeight.BackwardWeight(input, dOutput, g, dWeight, threads, scratch, level);
                return;
            case ConvAlgorithm.PhaseSplit:
                PhaseConvWeight.BackwardWeight(input, dOutput, g, dWeight, threads, scratch, level);
                return;
        }
        int crs = g.C * g.R * g.S, pq = g.P * g.Q, images = ImagesPerChunk(g);
        float[] col = scratch.Rent(crs * pq * images);
        float[] dY = scratch.Rent(g.K * pq * images);
        try
        {
            fixed (float* pCol = col, pDy = dY)
            {
                for (int n0 = 0; n0 < g.N; n0 += images)
                {
                    var c = g with { N = Math.Min(images, g.N - n0) };
                    Lower(input + (long)n0 * g.C * g.H * g.W, c, pCol, threads);
                    PermuteParallel(dOutput + (long)n0 * g.K * pq, c.N, g.K, pq, pDy, threads);
                    Sgemm.Run(pDy, pCol, g.K, crs, c.N * pq, false, true, 1f, n0 == 0 ? 0f : 1f, dWeight, threads, scratch, level);
                }
            }
        }
        finally
        {
            scratch.Return(dY);
            scratch.Return(col);
        }
    }

    // Images lowered at once: the batch is split so the columns stay near MaxColumnFloats (L2-friendly, bounded memory).
    private static int ImagesPerChunk(ConvGeometry g) =>
        Math.Clamp(MaxColumnFloats / Math.Max(1, Math.Max(g.C * g.R * g.S, g.K) * g.P * g.Q), 1, g.N);

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
