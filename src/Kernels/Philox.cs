// Philox4x32-10, the counter-based generator every backend uses (Salmon et al., SC'11).
// Element e of a stream (seed, offset) is a pure function of (seed, offset + e), so the CPU and the GPU
// draw the same numbers in any order and a run can be resumed from its counter.
//   block = e / 4, lane = e % 4, counter = (lo32(block), hi32(block), 0, 0), key = (lo32(seed), hi32(seed)).
//   Uniform(e) = (word[lane] >> 8) * 2^-24, in [0, 1).
//   Normal(e): Box-Muller on the word pair (2 * (lane / 2), 2 * (lane / 2) + 1) of the same block:
//     u1 = ((w0 >> 8) + 1) * 2^-24 in (0, 1], u2 = (w1 >> 8) * 2^-24,
//     r = sqrt(-2 ln u1), even lane r * cos(2 pi u2), odd lane r * sin(2 pi u2).
namespace Engine.Kernels;

/// <summary>Philox4x32-10, the counter-based generator of every backend: element e of stream (seed, offset) depends only on (seed, offset + e).</summary>
public static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private const float TwoPow24Inverse = 1.0f / 16777216.0f;

    /// <summary>The four 32-bit words of block <paramref name="block"/> of stream <paramref name="seed"/>.</summary>
    public static (uint X0, uint X1, uint X2, uint X3) Block(ulong seed, ulong block)
    {
        uint c0 = (uint)block, c1 = (uint)(block >> 32), c2 = 0, c3 = 0;
        uint k0 = (uint)seed, k1 = (uint)(seed >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0;
            ulong p1 = (ulong)M1 * c2;
            uint hi0 = (uint)(p0 >> 32), lo0 = (uint)p0;
            uint hi1 = (uint)(p1 >> 32), lo1 = (uint)p1;
            (c0, c1, c2, c3) = (hi1 ^ c1 ^ k0, lo1, hi0 ^ c3 ^ k1, lo0);
            k0 += W0;
            k1 += W1;
        }
        return (c0, c1, c2, c3);
    }

    public static uint Word(ulong seed, ulong element)
    {
        var (x0, x1, x2, x3) = Block(seed, element >> 2);
        return (element & 3) switch { 0 => x0, 1 => x1, 2 => x2, _ => x3 };
    }

    /// <summary>A uniform float in [0, 1) for element <paramref name="element"/>.</summary>
    public static float Uniform(ulong seed, ulong element) => (Word(seed, element) >> 8) * TwoPow24Inverse;

    /// <summary>A standard normal float for element <paramref name="element"/>.</summary>
    public static float Normal(ulong seed, ulong element)
    {
        var (x0, x1, x2, x3) = Block(seed, element >> 2);
        int lane = (int)(element & 3);
        uint w0 = lane < 2 ? x0 : x2;
        uint w1 = lane < 2 ? x1 : x3;
        float u1 = ((w0 >> 8) + 1) * TwoPow24Inverse;
        float u2 = (w1 >> 8) * TwoPow24Inverse;
        float r = MathF.Sqrt(-2.0f * MathF.Log(u1));
        float theta = 2.0f * MathF.PI * u2;
        return (lane & 1) == 0 ? r * MathF.Cos(theta) : r * MathF.Sin(theta);
    }
}
