// Reference random fills and the VAE reparametrization, drawing from Philox (see Philox.cs).
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceRandom
{
    public static void Uniform<T>(ulong seed, ulong offset, T low, T high, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = low + (high - low) * T.CreateTruncating(Philox.Uniform(seed, offset + (ulong)i));
        }
    }

    public static void Normal<T>(ulong seed, ulong offset, T mean, T std, Span<T> output)
        where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < output.Length; i++)
        {
            output[i] = mean + std * T.CreateTruncating(Philox.Normal(seed, offset + (ulong)i));
        }
    }

    /// <summary>z = mu + eps * exp(0.5 * logVar), eps drawn from N(0, 1). Writes z and eps.</summary>
    public static void Reparametrize<T>(
        ReadOnlySpan<T> mu, ReadOnlySpan<T> logVar, ulong seed, ulong offset, Span<T> z, Span<T> eps)
        where T : IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        for (int i = 0; i < mu.Length; i++)
        {
            eps[i] = T.CreateTruncating(Philox.Normal(seed, offset + (ulong)i));
            z[i] = mu[i] + eps[i] * T.Exp(half * logVar[i]);
        }
    }

    /// <summary>dMu = dZ; dLogVar = dZ * eps * 0.5 * exp(0.5 * logVar). Writes (=).</summary>
    public static void ReparametrizeBackward<T>(
        ReadOnlySpan<T> logVar, ReadOnlySpan<T> eps, ReadOnlySpan<T> dZ, Span<T> dMu, Span<T> dLogVar)
        where T : IFloatingPointIeee754<T>
    {
        T half = T.CreateTruncating(0.5);
        for (int i = 0; i < dZ.Length; i++)
        {
            dMu[i] = dZ[i];
            dLogVar[i] = dZ[i] * eps[i] * half * T.Exp(half * logVar[i]);
        }
    }
}
