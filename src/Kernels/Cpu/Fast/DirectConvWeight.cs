// Direct stride-1 weight gradient for the layers DirectConv handles: dWeight[k, c, r, s] = sum over images and
// output rows of dOutput rows (zero beyond Q) dotted with shifted rows of the zero-padded input, 2 S zmm sums per (k, c, r).
namespace Engine.Kernels.Cpu.Fast;

using System.Runtime.Intrinsics;

internal static unsafe class DirectConvWeight
{
    /// <summary>dWeight (K, C, R, S) from input (N, C, H, W) and dOutput (N, K, P, Q). Writes (=).</summary>
    public static void BackwardWeight(float* input, float* dOutput, ConvGeometry g, float* dWeight, int threads, ScratchPool scratch)
    {
        int hp = g.H + 2 * g.PadH, wp = g.W + 2 * g.PadW, p = g.P, q = g.Q;
        long imageLength = (long)g.C * hp * wp;
        float[] xPadded = scratch.Rent(checked((int)(g.N * imageLength + DirectConv.Slack)));
        float[] dyPadded = scratch.Rent(g.N * g.K * p * 32);
        try
        {
            fixed (float* xp = xPadded, dyp = dyPadded)
            {
                nint px = (nint)xp, pdy = (nint)dyp, pin = (nint)input, pout = (nint)dOutput, pdw = (nint)dWeight;
                new Span<float>(xp + g.N * imageLength, DirectConv.Slack).Clear();
                CpuParallel.ForRanges(g.N, threads, 1, (n0, n1) =>
                {
                    for (int n = n0; n < n1; n++)
                    {
                        DirectConv.Pad((float*)pin + (long)n * g.C * g.H * g.W, g.C, g.H, g.W, g.PadH, g.PadW, hp, wp,
                            (float*)px + n * imageLength);
                        DirectConv.Pad((float*)pout + (long)n * g.K * p * q, g.K, p, q, 0, 0, p, 32, (float*)pdy + (long)n * g.K * p * 32);
                    }
                }, align: 1);
                CpuParallel.For(g.K * g.C, threads, t =>
                {
                    int k = t / g.C, c = t % g.C;
                    Vector512<float>* acc = stackalloc Vector512<float>[2 * g.S];
                    for (int r = 0; r < g.R; r++)
                    {
                        for (int i = 0; i < 2 * g.S; i++)
                        {
                            acc[i] = Vector512<float>.Zero;
                        }
                        for (int n = 0; n < g.N; n++)
                        {
                            float* dyRow = (float*)pdy + (long)(n * g.K + k) * p * 32;
                            float* xRow = (float*)px + n * imageLength + (long)(c * hp + r) * wp;
                            for (int oy = 0; oy < p; oy++, dyRow += 32, xRow += wp)
                            {
                                var d0 = Vector512.Load(dyRow);
                                var d1 = Vector512.Load(dyRow + 16);
                                for (int s = 0; s < g.S; s++)
                                {
                                    acc[2 * s] = Vector512.FusedMultiplyAdd(d0, Vector512.Load(xRow + s), acc[2 * s]);
                                    acc[2 * s + 1] = Vector512.FusedMultiplyAdd(d1, Vector512.Load(xRow + s + 16), acc[2 * s + 1]);
                                }
                            }
                        }
                        for (int s = 0; s < g.S; s++)
                        {
                            ((float*)pdw)[((k * g.C + c) * g.R + r) * g.S + s] = Vector512.Sum(acc[2 * s] + acc[2 * s + 1]);
                        }
                    }
                });
            }
        }
        finally
        {
            scratch.Return(dyPadded);
            scratch.Return(xPadded);
        }
    }
}
