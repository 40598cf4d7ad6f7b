// Random fills and the VAE reparametrization from Philox4x32-10, exactly the layout of src/Kernels/Philox.cs:
// element e of stream (seed, offset) uses block e / 4, lane e % 4, counter (lo32(block), hi32(block), 0, 0),
// key (lo32(seed), hi32(seed)); uniform = (word >> 8) 2^-24 (bit-identical to the CPU); normal = Box-Muller on the
// lane pair (2 (lane / 2), +1) with DeviceMath log/sin/cos (within ~1 ulp of the CPU's MathF).
// Reference: Cpu/Reference/ReferenceRandom.cs. Thread mapping: one element per thread (grid-stride); no shared memory.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class RandomKernels
{
    private const float TwoPow24Inverse = 1.0f / 16777216.0f;

    /// <summary>output[i] = low + (high - low) U(seed, offset + i).</summary>
    [Kernel]
    public static void Uniform(ulong seed, ulong offset, int count, float low, float high, ArrayView<float> output)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            output[i] = low + (high - low) * PhiloxUniform(seed, offset + (ulong)i);
        }
    }

    /// <summary>output[i] = mean + std N(seed, offset + i).</summary>
    [Kernel]
    public static void Normal(ulong seed, ulong offset, int count, float mean, float std, ArrayView<float> output)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            output[i] = mean + std * PhiloxNormal(seed, offset + (ulong)i);
        }
    }

    /// <summary>eps[i] = N(seed, offset + i); z[i] = mu[i] + eps[i] exp(0.5 logVar[i]).</summary>
    [Kernel]
    public static void Reparametrize(
        ArrayView<float> mu, ArrayView<float> logVar, ulong seed, ulong offset, int count, ArrayView<float> z, ArrayView<float> eps)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            float e = PhiloxNormal(seed, offset + (ulong)i);
            eps[i] = e;
            z[i] = mu[i] + e * DeviceMath.Exp(0.5f * logVar[i]);
        }
    }

    /// <summary>dMu = dZ; dLogVar = dZ eps 0.5 exp(0.5 logVar). Writes (=).</summary>
    [Kernel]
    public static void ReparametrizeBackward(
        ArrayView<float> logVar, ArrayView<float> eps, ArrayView<float> dZ, int count, ArrayView<float> dMu, ArrayView<float> dLogVar)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            dMu[i] = dZ[i];
            dLogVar[i] = dZ[i] * eps[i] * 0.5f * DeviceMath.Exp(0.5f * logVar[i]);
        }
    }

    /// <summary>Ten Philox rounds on counter (lo32(block), hi32(block), 0, 0) with key (lo32(seed), hi32(seed)).</summary>
    internal static void PhiloxBlock(ulong seed, ulong block, out uint x0, out uint x1, out uint x2, out uint x3)
    {
        uint c0 = (uint)block, c1 = (uint)(block >> 32), c2 = 0, c3 = 0;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = 0xD2511F53UL * c0;
            ulong p1 = 0xCD9E8D57UL * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            uint n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += 0x9E3779B9u;
            k1 += 0xBB67AE85u;
        }
        x0 = c0;
        x1 = c1;
        x2 = c2;
        x3 = c3;
    }

    internal static float PhiloxUniform(ulong seed, ulong element)
    {
        PhiloxBlock(seed, element >> 2, out uint x0, out uint x1, out uint x2, out uint x3);
        uint lane = (uint)(element & 3);
        uint w = lane == 0 ? x0 : lane == 1 ? x1 : lane == 2 ? x2 : x3;
        return (w >> 8) * TwoPow24Inverse;
    }

    internal static float PhiloxNormal(ulong seed, ulong element)
    {
        PhiloxBlock(seed, element >> 2, out uint x0, out uint x1, out uint x2, out uint x3);
        uint lane = (uint)(element & 3);
        uint w0 = lane < 2 ? x0 : x2;
        uint w1 = lane < 2 ? x1 : x3;
        float u1 = ((w0 >> 8) + 1) * TwoPow24Inverse;
        float u2 = (w1 >> 8) * TwoPow24Inverse;
        float r = DeviceMath.Sqrt(-2.0f * DeviceMath.Log(u1));
        float theta = 6.28318548202514648f * u2;                       // 2 * MathF.PI, as the CPU computes it
        DeviceMath.SinCos(theta, out float sin, out float cos);
        return (lane & 1) == 0 ? r * cos : r * sin;
    }
}
