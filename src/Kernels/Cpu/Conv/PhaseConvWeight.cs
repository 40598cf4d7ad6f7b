// Stride-2 weight gradient split by input phase: per phase (a, b) and tap, dW_tap (K, C) = dOutput^T (K, L) times a
// shifted view (a pointer offset) of the phase-subsampled, zero-padded, channel-last input (L, C): no 2.25x im2col,
// and no packing either (StridedGemm reads both channel-last operands in place).
// Images are split between threads (partial sums per thread, added at the end); L = images x padded grid.
namespace Engine.Kernels.Cpu.Conv;

using System.Runtime.Intrinsics;
using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Simd;

internal static unsafe class PhaseConvWeight
{
    /// <summary>Floats a chunk of images may take (a chunk's channel-last dOutput and input phase stay in a 512 KiB L2); Engine.Bench step-ab times other sizes.</summary>
    internal static int ChunkFloats { get; set; } = 1 << 15;
    private const int DepthBlockFloats = 1 << 13;   // a depth block's dOutput and input rows: 32 KiB, about L1

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
                    float[] dyPad = scratch.Rent(images * grid * g.K + StridedGemm.Slack);
                    float[] xPad = scratch.Rent((images * grid + Slack(ah, aw, wp)) * g.C + StridedGemm.Slack);
                    try
                    {
                        fixed (float* pDy = dyPad, pX = xPad)
                        {
                            var job = new Job(g, ah, aw, top, left, hp, wp, pDy, pX, level);
                            for (int n = n0; n < n1; n += images)
                            {
                                job.Chunk((float*)x, (float*)dy, n, Math.Min(images, n1 - n), sums);
                            }
                        }
                    }
                    finally
                    {
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

    // dWeight from the phase blocks: per phase (a, b) in order, per tap (i, j) of that phase, (K, C).
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
                dWeight[((k * g.C + c) * g.R + ah.Tap(a, i)) * g.S + aw.Tap(b, j)] = sums[((i * tw + j) * g.K + k) * g.C + c];
            }
            sums += g.K * width;
        }
    }

    private readonly struct Job(ConvGeometry g, PhaseAxis ah, PhaseAxis aw, int top, int left, int hp, int wp,
        float* dyPad, float* xPad, SimdLevel level)
    {
        // Adds images [n, n + count) into sums: dOutput channel-last on the grid once, then per phase one input subsample
        // (channel-last too) and one GEMM per tap: dW_tap (K, C) += dOutput^T (K, L) x shifted input (L, C).
        public void Chunk(float* input, float* dOutput, int n, int count, float* sums)
        {
            int grid = hp * wp;
            new Span<float>(dyPad, count * grid * g.K).Clear();
            for (int i = 0; i < count; i++)
            {
                ToChannelLast(dOutput + (long)(n + i) * g.K * g.P * g.Q, g.K, g.P * g.Q, g.P, g.Q, g.Q, 1, dyPad + (long)i * grid * g.K);
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

        // dst (y, x, ch) on the (hp, wp) grid = src (ch, y, x): planes plane apart, rows rowStride, columns colStep (1 or
        // 2). Four channels by four columns at a time through a 4 x 4 register transpose (Lanes); a vector reads colStep
        // * 4 floats, so it is used only where they lie within the row's w pixels.
        private void ToChannelLast(float* src, int ch, int plane, int h, int w, int rowStride, int colStep, float* dst)
        {
            int c = 0;
            for (; c + 4 <= ch; c += 4)
            for (int y = 0; y < h; y++)
            {
                float* f0 = src + (long)c * plane + y * rowStride, f1 = f0 + plane, f2 = f1 + plane, f3 = f2 + plane;
                float* to = dst + (long)y * wp * ch + c;
                int x = 0;
                for (; (x + 4) * colStep <= (w - 1) * colStep + 1; x += 4)
                {
                    int at = x * colStep;
                    Lanes.StoreTransposed(Columns(f0 + at, colStep), Columns(f1 + at, colStep), Columns(f2 + at, colStep),
                        Columns(f3 + at, colStep), to + (long)x * ch, ch);
                }
                for (; x < w; x++)
                {
                    float* at = to + (long)x * ch;
                    at[0] = f0[x * colStep];
                    at[1] = f1[x * colStep];
                    at[2] = f2[x * colStep];
                    at[3] = f3[x * colStep];
                }
            }
            for (; c < ch; c++)
            for (int y = 0; y < h; y++)
            {
                float* from = src + (long)c * plane + y * rowStride;
                float* to = dst + (long)y * wp * ch + c;
                for (int x = 0; x < w; x++)
                {
                    to[x * ch] = from[x * colStep];
                }
            }
        }

        // Four pixels colStep apart from p: a load, or the even lanes of two.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector128<float> Columns(float* p, int colStep) =>
            colStep == 1 ? Vector128.Load(p) : Lanes.UnzipEven(Vector128.Load(p), Vector128.Load(p + 4));

        private void Phase(float* input, int n, int count, int a, int b, int th, int tw, float* sums)
        {
            int grid = hp * wp, ua = ah.Count(a), vb = aw.Count(b);
            new Span<float>(xPad, (count * grid + Slack(ah, aw, wp)) * g.C).Clear();
            for (int i = 0; i < count; i++)
            {
                ToChannelLast(input + (long)(n + i) * g.C * g.H * g.W + a * g.W + b, g.C, g.H * g.W, ua, vb, 2 * g.W, 2,
                    xPad + ((long)i * grid + top * wp + left) * g.C);
            }
            // Depth blocks outer so every tap reuses the block's dOutput rows (and the overlapping input rows) from cache.
            int used = (count - 1) * grid + (g.P - 1) * wp + g.Q;   // depth up to the last output pixel
            int depth = Math.Clamp(DepthBlockFloats / (g.K + g.C), 16, 256);
            for (int p0 = 0; p0 < used; p0 += depth)
            {
                int steps = Math.Min(depth, used - p0);
                for (int i = 0; i < th; i++)
                for (int j = 0; j < tw; j++)
                {
                    float* shifted = xPad + ((long)p0 + (top - ah.Shift(a, i)) * wp + left - aw.Shift(b, j)) * g.C;
                    StridedGemm.AddTransposedProduct(dyPad + (long)p0 * g.K, g.K, shifted, g.C, g.K, g.C, steps,
                        sums + (i * tw + j) * g.K * g.C, g.C, level);
                }
            }
        }
    }
}
