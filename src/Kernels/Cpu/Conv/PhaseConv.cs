// Stride-2 backward-data (the transposed convolution's forward) split by input phase: each of the four phases of
// dInput is one dense GEMM, dX_ab (C, pixels) = W_ab (C, K * taps) x shifted views of the zero-padded dOutput,
// read in place through a row-pointer table (implicit GEMM, RowGemm): no column matrix, no col2im scatter-add.
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
                    float[] result = scratch.Rent(RowGemm.PaddedRows(g.C) * ld);
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
        // dInput images [n, n + count) from dOutput: pad once, then one GEMM and one strided store per phase.
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
            for (int b = 0; b < 2; b++)
            {
                int th = ah.TapCount(a), tw = aw.TapCount(b), depth = g.K * th * tw;
                int ua = ah.Count(a), vb = aw.Count(b);
                if (ua > 0 && vb > 0)
                {
                    Phase(dInput, n, count, a, b, th, tw, ua, vb, w);
                }
                w += RowGemm.PackedLength(g.C, depth);
            }
        }

        private void Phase(float* dInput, int n, int count, int a, int b, int th, int tw, int ua, int vb, float* w)
        {
            int grid = hp * wp, cols = count * grid, depth = g.K * th * tw;
            int used = (count - 1) * grid + (ua - 1) * wp + vb;   // columns up to the last pixel of this phase
            for (int k = 0; k < g.K; k++)
            for (int i = 0; i < th; i++)
            for (int j = 0; j < tw; j++)
            {
                rows[(k * th + i) * tw + j] = pad + (long)k * cols + (ah.Shift(a, i) + top) * wp + aw.Shift(b, j) + left;
            }
            RowGemm.Run(w, rows, depth, g.C, used, result, ld, level);   // depth 0 (no taps in this phase) writes zeros
            for (int i = 0; i < count; i++)
            for (int c = 0; c < g.C; c++)
            {
                float* src = result + (long)c * ld + i * grid;
                float* dst = dInput + ((long)(n + i) * g.C + c) * g.H * g.W + a * g.W + b;
                for (int u = 0; u < ua; u++, src += wp, dst += 2 * g.W)
                {
                    for (int v = 0; v < vb; v++)
                    {
                        dst[2 * v] = src[v];
                    }
                }
            }
        }
    }
}
