// Reference 2-D convolution (cross-correlation) and its two backward passes, as direct loops.
// input (N, C, H, W), weight (K, C, R, S), output (N, K, P, Q); see ConvGeometry for the letters.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceConv
{
    public static void Forward<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ConvGeometry g, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        int p = g.P, q = g.Q;
        for (int n = 0; n < g.N; n++)
        for (int k = 0; k < g.K; k++)
        for (int oy = 0; oy < p; oy++)
        for (int ox = 0; ox < q; ox++)
        {
            T sum = T.Zero;
            for (int c = 0; c < g.C; c++)
            for (int r = 0; r < g.R; r++)
            {
                int iy = oy * g.StrideH - g.PadH + r;
                if (iy < 0 || iy >= g.H) continue;
                for (int s = 0; s < g.S; s++)
                {
                    int ix = ox * g.StrideW - g.PadW + s;
                    if (ix < 0 || ix >= g.W) continue;
                    sum += input[((n * g.C + c) * g.H + iy) * g.W + ix] * weight[((k * g.C + c) * g.R + r) * g.S + s];
                }
            }
            output[((n * g.K + k) * p + oy) * q + ox] = sum;
        }
    }

    /// <summary>dInput = sum over every output position that read an input pixel of dOutput * weight. Writes (=).</summary>
    public static void BackwardData<T>(ReadOnlySpan<T> dOutput, ReadOnlySpan<T> weight, ConvGeometry g, Span<T> dInput)
        where T : IFloatingPointIeee754<T>
    {
        int p = g.P, q = g.Q;
        dInput.Clear();
        for (int n = 0; n < g.N; n++)
        for (int k = 0; k < g.K; k++)
        for (int oy = 0; oy < p; oy++)
        for (int ox = 0; ox < q; ox++)
        {
            T dy = dOutput[((n * g.K + k) * p + oy) * q + ox];
            for (int c = 0; c < g.C; c++)
            for (int r = 0; r < g.R; r++)
            {
                int iy = oy * g.StrideH - g.PadH + r;
                if (iy < 0 || iy >= g.H) continue;
                for (int s = 0; s < g.S; s++)
                {
                    int ix = ox * g.StrideW - g.PadW + s;
                    if (ix < 0 || ix >= g.W) continue;
                    dInput[((n * g.C + c) * g.H + iy) * g.W + ix] += dy * weight[((k * g.C + c) * g.R + r) * g.S + s];
                }
            }
        }
    }

    /// <summary>dWeight[k, c, r, s] = sum over batch and output positions of dOutput * input. Writes (=).</summary>
    public static void BackwardWeight<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> dOutput, ConvGeometry g, Span<T> dWeight)
        where T : IFloatingPointIeee754<T>
    {
        int p = g.P, q = g.Q;
        dWeight.Clear();
        for (int n = 0; n < g.N; n++)
        for (int k = 0; k < g.K; k++)
        for (int oy = 0; oy < p; oy++)
        for (int ox = 0; ox < q; ox++)
        {
            T dy = dOutput[((n * g.K + k) * p + oy) * q + ox];
            for (int c = 0; c < g.C; c++)
            for (int r = 0; r < g.R; r++)
            {
                int iy = oy * g.StrideH - g.PadH + r;
                if (iy < 0 || iy >= g.H) continue;
                for (int s = 0; s < g.S; s++)
                {
                    int ix = ox * g.StrideW - g.PadW + s;
                    if (ix < 0 || ix >= g.W) continue;
                    dWeight[((k * g.C + c) * g.R + r) * g.S + s] += dy * input[((n * g.C + c) * g.H + iy) * g.W + ix];
                }
            }
        }
    }
}
