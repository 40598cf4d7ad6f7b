// The sizes of one 2-D convolution: input (N, C, H, W), weight (K, C, R, S), output (N, K, P, Q).
// N = batch, C = input channels, K = output channels, R, S = kernel height, width,
// H, W = input height, width, P, Q = output height, width.
namespace Engine.Kernels;

/// <summary>The sizes of one 2-D convolution: input (N, C, H, W), weight (K, C, R, S), output (N, K, P, Q).</summary>
public readonly record struct ConvGeometry(
    int N, int C, int H, int W, int K, int R, int S,
    int StrideH, int StrideW, int PadH, int PadW)
{
    public int P => (H + 2 * PadH - R) / StrideH + 1;

    public int Q => (W + 2 * PadW - S) / StrideW + 1;

    public int InputLength => N * C * H * W;

    public int WeightLength => K * C * R * S;

    public int OutputLength => N * K * P * Q;

    /// <summary>Multiply-adds of the forward pass (each backward costs the same).</summary>
    public long MultiplyAdds => (long)N * K * P * Q * C * R * S;

    public void Validate()
    {
        if (N <= 0 || C <= 0 || H <= 0 || W <= 0 || K <= 0 || R <= 0 || S <= 0)
        {
            throw new ArgumentException($"Convolution sizes must be positive: {this}.");
        }
        if (StrideH <= 0 || StrideW <= 0 || PadH < 0 || PadW < 0)
        {
            throw new ArgumentException($"Convolution stride must be positive and padding non-negative: {this}.");
        }
        if (H + 2 * PadH < R || W + 2 * PadW < S)
        {
            throw new ArgumentException(
                $"Convolution kernel {R}x{S} is larger than the padded input {H + 2 * PadH}x{W + 2 * PadW}.");
        }
    }
}
