// The engine's own float exp/log/tanh/pow/sin/cos for ILGPU kernels: plain float arithmetic and bit tricks, so the
// CPU accelerator and the GPU run the same formula (no XMath, no LibDevice, no MathF.FusedMultiplyAdd; see
// docs/notes/ilgpu.md §3, §7). Ported from the retired CUDA C math.cuh (exp <= 1 ulp, log <= 1 ulp, tanh <= 2 ulp
// with fma; a few tenths of an ulp more without). Reference: MathF (what Cpu/Reference computes with T.Exp etc.).
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class DeviceMath
{
    private const float Infinity = float.PositiveInfinity;

    /// <summary>Round to the nearest integer (ties away from zero); |x| &lt; 2^31.</summary>
    public static int RoundToInt(float x) => (int)(x >= 0f ? x + 0.5f : x - 0.5f);

    public static float Abs(float x) => x < 0f ? -x : x;

    /// <summary>max with the C# reference's operand order (a NaN in a propagates, as T.Max does).</summary>
    public static float Max(float a, float b) => a > b || float.IsNaN(a) ? a : b;

    public static float Min(float a, float b) => a < b || float.IsNaN(a) ? a : b;

    /// <summary>e^x: x = n ln2 + r (Cody-Waite), degree-7 polynomial on r, times 2^n built from its bits.</summary>
    public static float Exp(float x)
    {
        if (!(x < 88.72283935546875f))
        {
            return x + Infinity;                                   // +inf for large x, NaN stays NaN
        }
        if (x < -103.97208404541016f)
        {
            return 0f;
        }
        int k = RoundToInt(x * 1.44269502162933349609375f);
        float n = k;
        float r = n * -0.693145751953125f + x;                     // exact: ln2's high part has 16 bits
        r = n * -1.428606765330187045e-06f + r;
        float p = 1.98412698e-4f;
        p = p * r + 1.38888889e-3f;
        p = p * r + 8.33333377e-3f;
        p = p * r + 4.16666679e-2f;
        p = p * r + 1.66666672e-1f;
        p = p * r + 0.5f;
        p = p * r + 1.0f;
        p = p * r + 1.0f;
        if (k >= -126 && k <= 127)
        {
            return p * Interop.IntAsFloat((uint)(k + 127) << 23);
        }
        int k1 = k / 2, k2 = k - k1;                               // subnormal result or 2^128: two steps
        return p * Interop.IntAsFloat((uint)(k1 + 127) << 23) * Interop.IntAsFloat((uint)(k2 + 127) << 23);
    }

    /// <summary>ln x: x = 2^e m with m in [sqrt(2)/2, sqrt(2)), then log1p(m - 1) by the s = f / (2 + f) series.</summary>
    public static float Log(float x)
    {
        if (!(x > 0f))
        {
            return x == 0f ? -Infinity : float.NaN;
        }
        if (x == Infinity)
        {
            return x;
        }
        int e = 0;
        uint u = Interop.FloatAsInt(x);
        if (u < 0x00800000u)                                        // subnormal: scale by 2^23 first
        {
            x *= 8388608.0f;
            u = Interop.FloatAsInt(x);
            e = -23;
        }
        u -= 0x3f3504f3u;
        e += (int)u >> 23;
        u = (u & 0x007fffffu) + 0x3f3504f3u;
        float f = Interop.IntAsFloat(u) - 1.0f;
        float s = f / (2.0f + f);
        float z = s * s;
        float rr = 1.81818182e-1f;
        rr = rr * z + 2.22222222e-1f;
        rr = rr * z + 2.85714298e-1f;
        rr = rr * z + 4.00000006e-1f;
        rr = rr * z + 6.66666687e-1f;
        rr *= z;
        float halfSquare = 0.5f * f * f;
        float log1p = f - (halfSquare - s * (halfSquare + rr));
        float fe = e;
        return fe * 0.693145751953125f + (fe * 1.428606765330187045e-06f + log1p);
    }

    /// <summary>tanh x: an odd polynomial below 0.55, else 1 - 2 / (e^2|x| + 1) with the sign of x.</summary>
    public static float Tanh(float x)
    {
        float a = Abs(x);
        if (a < 0.55f)
        {
            float z = x * x;
            float p = -2.39129114e-4f;
            p = p * z + 5.90027441e-4f;
            p = p * z + -1.45583439e-3f;
            p = p * z + 3.59212804e-3f;
            p = p * z + -8.86323553e-3f;
            p = p * z + 2.18694885e-2f;
            p = p * z + -5.39682540e-2f;
            p = p * z + 1.33333333e-1f;
            p = p * z + -3.33333343e-1f;
            return x * z * p + x;
        }
        if (float.IsNaN(x))
        {
            return x;
        }
        float t = a > 9.01f ? 1.0f : 1.0f - 2.0f / (Exp(2.0f * a) + 1.0f);
        return x < 0f ? -t : t;
    }

    /// <summary>x^a as MathF.Pow for the cases the models use: integer powers of negatives, 0^a and x &gt; 0.</summary>
    public static float Pow(float x, float a)
    {
        if (a == 0f)
        {
            return 1f;
        }
        if (a == 1f)
        {
            return x;
        }
        if (a == 2f)
        {
            return x * x;
        }
        float r = Exp(a * Log(Abs(x)));
        if (x < 0f)
        {
            if (!IsInteger(a))
            {
                return float.NaN;
            }
            if (!IsInteger(0.5f * a))
            {
                r = -r;                                            // an odd integer power keeps the sign
            }
        }
        return r;
    }

    private static bool IsInteger(float a) => Abs(a) >= 8388608f || a == (int)a;

    /// <summary>
    /// sin and cos of theta in [0, 8) (Philox's Box-Muller angle): theta = j pi/2 + a, |a| &lt;= pi/4, then Taylor
    /// series to a^13 and a^14; the quadrant j picks signs.
    /// </summary>
    public static void SinCos(float theta, out float sin, out float cos)
    {
        int j = RoundToInt(theta * 0.636619772367581343f);
        float jf = j;
        float a = jf * -1.57079637050628662109375f + theta;        // pi/2 rounded up to float (exact product)
        a = jf * 4.37113900018624283e-8f + a;                      // minus its excess
        float z = a * a;
        float s = 1.6059043836821613e-10f;                         // 1/13!
        s = s * z + -2.5052108385441720e-8f;
        s = s * z + 2.7557319223985893e-6f;
        s = s * z + -1.9841269841269841e-4f;
        s = s * z + 8.3333333333333333e-3f;
        s = s * z + -1.6666666666666667e-1f;
        s = a * z * s + a;
        float c = -1.1470745597729725e-11f;                        // -1/14!
        c = c * z + 2.0876756987868099e-9f;
        c = c * z + -2.7557319223985891e-7f;
        c = c * z + 2.4801587301587302e-5f;
        c = c * z + -1.3888888888888889e-3f;
        c = c * z + 4.1666666666666667e-2f;
        c = c * z + -0.5f;
        c = c * z + 1.0f;
        int q = j & 3;
        sin = q == 0 ? s : q == 1 ? c : q == 2 ? -s : -c;
        cos = q == 0 ? c : q == 1 ? -s : q == 2 ? -c : s;
    }

    /// <summary>Correctly rounded square root (PTX sqrt.rn.f32; MathF.Sqrt on the CPU accelerator).</summary>
    public static float Sqrt(float x) => MathF.Sqrt(x);

    public static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
