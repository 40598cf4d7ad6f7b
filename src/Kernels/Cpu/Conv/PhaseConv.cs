// Stride-2 backward-data (the transposed convolution's forward) split by input phase: each of the four phases of
// dInput is one dense GEMM, dX_ab (C, pixels) = W_ab (C, K * taps) x shifted views of the zero-padded dOutput,
// read in place through a row-pointer table (implicit GEMM, RowGemm): no column matrix, no col2im scatter-add. The two
// column phases of a row phase are computed side by side and stored interleaved (Lanes.Interleave), so each row of
// dInput is written once, whole.
namespace Engine.Kernels.Cpu.Conv;

using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

internal static unsafe class PhaseConv
{
    /// <summary>Floats a chunk of images may take (padded dOutput and GEMM result of a chunk stay in a 512 KiB L2); Engine.Bench step-ab times other sizes.</summary>
    internal static int ChunkFloats { get; set; } = 1 << 15;

    /// <summary>dInput (N, C, H, W) from dOutput (N, K, P, Q) and weight (K, C, R, S), stride 2. Writes (=).</summary>
    public static void BackwardData(float* dOutput, float* weight, ConvGeometry g, float* dInput, int threads,
        ScratchPool scratch, SimdLevel level)
    {
        var ah = new PhaseAxis(g.H, g.P, g.R, g.PadH);
        var aw = new PhaseAxis(g.W, g.Q, g.S, g.PadW);
        int top = -ah.MinShift, left = -aw.MinShift;
        int hp = Math.Max(g.P + top, ah.Count0 + ah.MaxShift + top);
        int wp = Math.Max(g.Q + left, aw.Count0 + aw.MaxShift + left);
        int grid = hp * wp, slack = (ah.MaxShift + top + 1) * wp + aw.MaxShift + left + 1;
        int images = Math.Clamp(ChunkFloats / (Math.Max(g.K, g.C) * grid), 1, g.N);
        int ld = RowGemm.RoundUp(images * grid, RowGemm.MaxColumns);
        float[] wPhases = scratch.Rent(RowGemm.PackedLength(g.C, g.K * g.R * g.S) + g.WeightLength);   // packed phases, then room to split one
        try
        {
            fixed (float* pw = wPhases)
            {
                SplitWeights(weight, g, ah, aw, pw, level);
                nint w = (nint)pw, dy = (nint)dOutput, dx = (nint)dInput;
                CpuParallel.ForRanges(g.N, threads, 1, (n0, n1) =>
                {
                    float[] pad = scratch.Rent(g.K * images * grid + slack + RowGemm.MaxColumns);
                    float[] result = scratch.Rent(2 * RowGemm.PaddedRows(g.C) * ld);   // column phases 0 and 1 (Job.PhaseResult each)
                    float[] rows = scratch.Rent(2 * g.K * g.R * g.S);
                    try
                    {
                        fixed (float* pPad = pad, pResult = result, pRows = rows)
                        {
                            var job = new Job(g, ah, aw, top, left, hp, wp, ld, (float*)w, pPad, pResult, (float**)pRows, level);
                            for (int n = n0; n < n1; n += images)
                            {
                                job.Chunk((float*)dy, (float*)dx, n, Math.Min(images, n1 - n));
                            }
                        }
                    }
                    finally
                    {
                        scratch.Return(rows);
                        scratch.Return(result);
                        scratch.Return(pad);
                    }
                }, align: 1);
            }
        }
        finally
        {
            scratch.Return(wPhases);
        }
    }

    // wPhases: per phase (a, b) in order, A_ab (C, K * Ta * Tb) with A[c, (k * Ta + i) * Tb + j] = W[k, c, tap_a(i), tap_b(j)],
    // packed for RowGemm (PackedLength(C, depth) floats each).
    private static void SplitWeights(float* weight, ConvGeometry g, PhaseAxis ah, PhaseAxis aw, float* dest, SimdLevel level)
    {
        float* plain = dest + RowGemm.PackedLength(g.C, g.K * g.R * g.S);   // past the four packed phases (their depths sum to K R S)
        for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
        {
            int th = ah.TapCount(a), tw = aw.TapCount(b), depth = g.K * th * tw;
            for (int c = 0; c < g.C; c++)
            for (int k = 0; k < g.K; k++)
            for (int i = 0; i < th; i++)
            for (int j = 0; j < tw; j++)
            {
                plain[c * depth + (k * th + i) * tw + j] = weight[((k * g.C + c) * g.R + ah.Tap(a, i)) * g.S + aw.Tap(b, j)];
            }
            RowGemm.Pack(plain, g.C, depth, dest, level);
            dest += RowGemm.PackedLength(g.C, depth);
        }
    }

    private readonly struct Job(ConvGeometry g, PhaseAxis ah, PhaseAxis aw, int top, int left, int hp, int wp, int ld,
        float* wPhases, float* pad, float* result, float** rows, SimdLevel level)
    {
        // Floats of one phase's GEMM result (C rows in whole tiles, ld apart); column phase 1's follows phase 0's.
        private long PhaseResult => (long)RowGemm.PaddedRows(g.C) * ld;

        // dInput images [n, n + count) from dOutput: pad once, then per row phase two GEMMs (its column phases) and one store.
        public void Chunk(float* dOutput, float* dInput, int n, int count)
        {
            int grid = hp * wp, cols = count * grid, p = g.P, q = g.Q;
            new Span<float>(pad, g.K * cols + (ah.MaxShift + top + 1) * wp + aw.MaxShift + left + 1).Clear();
            for (int k = 0; k < g.K; k++)
            for (int i = 0; i < count; i++)
            {
                float* src = dOutput + ((long)(n + i) * g.K + k) * p * q;
                float* dst = pad + (long)k * cols + i * grid + top * wp + left;
                for (int y = 0; y < p; y++)
                {
                    new ReadOnlySpan<float>(src + y * q, q).CopyTo(new Span<float>(dst + y * wp, q));
                }
            }
            float* w = wPhases;
            for (int a = 0; a < 2; a++)
            {
                int ua = ah.Count(a);
                float* results = result;
                for (int b = 0; b < 2; b++)
                {
                    int depth = g.K * ah.TapCount(a) * aw.TapCount(b);
                    if (ua > 0 && aw.Count(b) > 0)
                    {
                        Phase(count, a, b, results, w);
                    }
                    w += RowGemm.PackedLength(g.C, depth);
                    results += PhaseResult;
                }
                if (ua > 0)
                {
                    Store(dInput, n, count, a, ua);
                }
            }
        }

        // results (C, ld) = the GEMM of phase (a, b) over the chunk's grid.
        private void Phase(int count, int a, int b, float* results, float* w)
        {
            int th = ah.TapCount(a), tw = aw.TapCount(b), depth = g.K * th * tw;
            int grid = hp * wp, cols = count * grid;
            int used = (count - 1) * grid + (ah.Count(a) - 1) * wp + aw.Count(b);   // columns up to the last pixel of this phase
            for (int k = 0; k < g.K; k++)
            for (int i = 0; i < th; i++)
            for (int j = 0; j < tw; j++)
            {
                rows[(k * th + i) * tw + j] = pad + (long)k * cols + (ah.Shift(a, i) + top) * wp + aw.Shift(b, j) + left;
            }
            RowGemm.Run(w, rows, depth, g.C, used, results, ld, level);   // depth 0 (no taps in this phase) writes zeros
        }

        // dInput rows 2 u + a of the chunk's images: column phase 0's pixels at even columns, phase 1's at odd ones.
        private void Store(float* dInput, int n, int count, int a, int ua)
        {
            int grid = hp * wp;
            for (int i = 0; i < count; i++)
            for (int c = 0; c < g.C; c++)
            {
                float* even = result + (long)c * ld + i * grid;
                float* dst = dInput + ((long)(n + i) * g.C + c) * g.H * g.W + a * g.W;
                for (int u = 0; u < ua; u++, even += wp, dst += 2 * g.W)
                {
                    Lanes.Interleave(even, even + PhaseResult, aw.Count0, aw.Count1, dst);
                }
            }
        }
    }
}
