// Stride-2 weight gradient split by input phase: for each phase (a, b), dW[k, c, taps] = dOutput (K, L) times shifted
// views of the phase-subsampled, zero-padded input (C * taps rows of L) read through a row-pointer table: no 2.25x
// im2col. Images are split between threads (partial sums per thread, added at the end); L = images x padded grid.
namespace Engine.Kernels.Cpu.Fast;

using Engine.Kernels.Cpu.Gemm;

internal static unsafe class PhaseConvWeight
{
    private const int ChunkFloats = 1 << 17;

    /// <summary>dWeight (K, C, R, S) from input (N, C, H, W) and dOutput (N, K, P, Q), stride 2. Writes (=).</summary>
    public static void BackwardWeight(float* input, float* dOutput, ConvGeometry g, float* dWeight, int threads,
        ScratchPool scratch, SimdLevel level)
    {
        var ah = new PhaseAxis(g.H, g.P, g.R, g.PadH);
        var aw = new PhaseAxis(g.W, g.Q, g.S, g.PadW);
        int top = ah.MaxShift, left = aw.MaxShift;
        int hp = Math.Max(Math.Max(g.P, ah.Count0 + top), g.P + top - ah.MinShift);
        int wp = Math.Max(Math.Max(g.Q, aw.Count0 + left), g.Q + left - aw.MinShift);
        int grid = hp * wp, length = g.WeightLength;
        int images = Math.Clamp(ChunkFloats / ((g.K + g.C) * grid), 1, g.N);
        int tasks = Math.Max(1, Math.Min(threads, g.N));
        float[] partial = scratch.Rent(tasks * length);
        try
        {
            fixed (float* pPartial = partial)
            {
                nint x = (nint)input, dy = (nint)dOutput, part = (nint)pPartial;
                int size = (g.N + tasks - 1) / tasks;
                CpuParallel.For(tasks, threads, t =>
                {
                    int n0 = t * size, n1 = Math.Min(g.N, n0 + size);
                    float* sums = (float*)part + (long)t * length;
                    new Span<float>(sums, length).Clear();
                    float[] dyPad = scratch.Rent(images * grid * g.K);
                    float[] xPad = scratch.Rent(g.C * images * grid + Slack(ah, aw, wp));
                    float[] rows = scratch.Rent(2 * g.C * g.R * g.S);
                    try
                    {
                        fixed (float* pDy = dyPad, pX = xPad, pRows = rows)
                        {
                            var job = new Job(g, ah, aw, top, left, hp, wp, pDy, pX, (float**)pRows, scratch, level);
                            for (int n = n0; n < n1; n += images)
                            {
                                job.Chunk((float*)x, (float*)dy, n, Math.Min(images, n1 - n), sums);
                            }
                        }
                    }
                    finally
                    {
                        scratch.Return(rows);
                        scratch.Return(xPad);
                        scratch.Return(dyPad);
                    }
                });
                for (int t = 1; t < tasks; t++)
                {
                    var sum = new Span<float>(pPartial, length);
                    System.Numerics.Tensors.TensorPrimitives.Add(sum, new ReadOnlySpan<float>(pPartial + (long)t * length, length), sum);
                }
                Gather(pPartial, g, ah, aw, dWeight);
            }
        }
        finally
        {
            scratch.Return(partial);
        }
    }

    // Floats after the last padded plane that the most shifted row view reads.
    private static int Slack(PhaseAxis ah, PhaseAxis aw, int wp) =>
        (ah.MaxShift - ah.MinShift + 1) * wp + aw.MaxShift - aw.MinShift + 1;

    // dWeight from the phase blocks: per phase (a, b) in order, (K, C * Ta * Tb) with column (c * Ta + i) * Tb + j.
    private static void Gather(float* sums, ConvGeometry g, PhaseAxis ah, PhaseAxis aw, float* dWeight)
    {
        for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
        {
            int th = ah.TapCount(a), tw = aw.TapCount(b), width = g.C * th * tw;
            for (int k = 0; k < g.K; k++)
            for (int c = 0; c < g.C; c++)
            for (int i = 0; i < th; i++)
            for (int j = 0; j < tw; j++)
            {
                dWeight[((k * g.C + c) * g.R + ah.Tap(a, i)) * g.S + aw.Tap(b, j)] = sums[k * width + (c * th + i) * tw + j];
            }
            sums += g.K * width;
        }
    }

    private readonly struct Job(ConvGeometry g, PhaseAxis ah, PhaseAxis aw, int top, int left, int hp, int wp,
        float* dyPad, float* xPad, float** rows, ScratchPool scratch, SimdLevel level)
    {
        // Adds images [n, n + count) into sums: dOutput channel-last on the grid once, then per phase one input subsample and GEMM.
        public void Chunk(float* input, float* dOutput, int n, int count, float* sums)
        {
            int grid = hp * wp, p = g.P, q = g.Q, kk = g.K;
            new Span<float>(dyPad, count * grid * kk).Clear();
            for (int i = 0; i < count; i++)
            for (int k = 0; k < kk; k++)
            {
                float* src = dOutput + ((long)(n + i) * kk + k) * p * q;
                float* dst = dyPad + (long)i * grid * kk + k;
                for (int y = 0; y < p; y++)
                for (int x = 0; x < q; x++)
                {
                    dst[(y * wp + x) * kk] = src[y * q + x];
                }
            }
            for (int a = 0; a < 2; a++)
            for (int b = 0; b < 2; b++)
            {
                int th = ah.TapCount(a), tw = aw.TapCount(b);
                if (th * tw > 0)
                {
                    Phase(input, n, count, a, b, th, tw, sums);
                }
                sums += g.K * g.C * th * tw;
            }
        }

        private void Phase(float* input, int n, int count, int a, int b, int th, int tw, float* sums)
        {
            int grid = hp * wp, cols = count * grid, width = g.C * th * tw;
            int ua = ah.Count(a), vb = aw.Count(b);
            new Span<float>(xPad, g.C * cols + Slack(ah, aw, wp)).Clear();
            for (int c = 0; c < g.C; c++)
            for (int i = 0; i < count; i++)
            {
                float* src = input + ((long)(n + i) * g.C + c) * g.H * g.W + a * g.W + b;
                float* dst = xPad + (long)c * cols + i * grid + top * wp + left;
                for (int u = 0; u < ua; u++, src += 2 * g.W, dst += wp)
                {
                    for (int v = 0; v < vb; v++)
                    {
                        dst[v] = src[2 * v];
                    }
                }
            }
            for (int c = 0; c < g.C; c++)
            for (int i = 0; i < th; i++)
            for (int j = 0; j < tw; j++)
            {
                rows[(c * th + i) * tw + j] = xPad + (long)c * cols + (top - ah.Shift(a, i)) * wp + left - aw.Shift(b, j);
            }
            int used = (count - 1) * grid + (g.P - 1) * wp + g.Q;   // depth up to the last output pixel
            Sgemm.RunRows(dyPad, g.K, true, rows, true, g.K, width, used, 1f, sums, scratch, level);
        }
    }
}
