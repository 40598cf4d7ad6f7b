// Accurate float math without libdevice (see notes/cuda-from-csharp.md §3.5): dm_expf (<= 0.94 ulp),
// dm_logf (<= 0.89 ulp), dm_tanhf (<= 1.59 ulp), exhaustively tested; dm_powf built on them;
// dm_sincosf for angles in [0, 8) (Philox's Box-Muller), Cody-Waite reduction and Taylor polynomials.
#pragma once

DEV float dm_bits2f(unsigned u) { float f; __builtin_memcpy(&f, &u, 4); return f; }
DEV unsigned dm_f2bits(float f) { unsigned u; __builtin_memcpy(&u, &f, 4); return u; }

DEV float dm_expf(float x)
{
    if (!(x < 88.72283935546875f)) return x + __builtin_inff();   // +inf for large x, NaN stays NaN
    if (x < -103.97208404541016f) return 0.0f;
    float n = __builtin_rintf(x * 1.44269502162933349609375f);
    float r = __builtin_fmaf(n, -0.693145751953125f, x);
    r = __builtin_fmaf(n, -1.428606765330187045e-06f, r);
    float p = 1.98412698e-4f;
    p = __builtin_fmaf(p, r, 1.38888889e-3f);
    p = __builtin_fmaf(p, r, 8.33333377e-3f);
    p = __builtin_fmaf(p, r, 4.16666679e-2f);
    p = __builtin_fmaf(p, r, 1.66666672e-1f);
    p = __builtin_fmaf(p, r, 0.5f);
    p = __builtin_fmaf(p, r, 1.0f);
    p = __builtin_fmaf(p, r, 1.0f);
    int k = (int)n;
    if (k >= -126 && k <= 127) return p * dm_bits2f((unsigned)(k + 127) << 23);
    int k1 = k / 2, k2 = k - k1;
    return (p * dm_bits2f((unsigned)(k1 + 127) << 23)) * dm_bits2f((unsigned)(k2 + 127) << 23);
}

DEV float dm_logf(float x)
{
    if (!(x > 0.0f)) return x == 0.0f ? -__builtin_inff() : __builtin_nanf("");
    if (x == __builtin_inff()) return x;
    int e = 0;
    unsigned u = dm_f2bits(x);
    if (u < 0x00800000u) { x *= 8388608.0f; u = dm_f2bits(x); e = -23; }
    u -= 0x3f3504f3u;
    e += (int)u >> 23;
    u = (u & 0x007fffffu) + 0x3f3504f3u;
    float m = dm_bits2f(u);
    float f = m - 1.0f;
    float s = f / (2.0f + f);
    float z = s * s;
    float R = 1.81818182e-1f;
    R = __builtin_fmaf(R, z, 2.22222222e-1f);
    R = __builtin_fmaf(R, z, 2.85714298e-1f);
    R = __builtin_fmaf(R, z, 4.00000006e-1f);
    R = __builtin_fmaf(R, z, 6.66666687e-1f);
    R = R * z;
    float hfsq = 0.5f * f * f;
    float l1p = f - (hfsq - s * (hfsq + R));
    float fe = (float)e;
    return __builtin_fmaf(fe, 0.693145751953125f, __builtin_fmaf(fe, 1.428606765330187045e-06f, l1p));
}

DEV float dm_tanhf(float x)
{
    float a = __builtin_fabsf(x);
    if (a < 0.55f)
    {
        float z = x * x;
        float p = -2.39129114e-4f;
        p = __builtin_fmaf(p, z, 5.90027441e-4f);
        p = __builtin_fmaf(p, z, -1.45583439e-3f);
        p = __builtin_fmaf(p, z, 3.59212804e-3f);
        p = __builtin_fmaf(p, z, -8.86323553e-3f);
        p = __builtin_fmaf(p, z, 2.18694885e-2f);
        p = __builtin_fmaf(p, z, -5.39682540e-2f);
        p = __builtin_fmaf(p, z, 1.33333333e-1f);
        p = __builtin_fmaf(p, z, -3.33333343e-1f);
        return __builtin_fmaf(x * z, p, x);
    }
    if (a > 9.01f) return __builtin_copysignf(1.0f, x);
    float t = 1.0f - 2.0f / (dm_expf(2.0f * a) + 1.0f);
    return __builtin_copysignf(t, x);
}

// x^a as MathF.Pow for the cases the models use: integer powers of negatives, 0^a, and x > 0.
DEV float dm_powf(float x, float a)
{
    if (a == 0.0f) return 1.0f;
    if (a == 1.0f) return x;
    if (a == 2.0f) return x * x;
    float r = dm_expf(a * dm_logf(__builtin_fabsf(x)));
    if (x < 0.0f)
    {
        if (a != __builtin_rintf(a)) return __builtin_nanf("");
        float half = 0.5f * a;
        if (half != __builtin_rintf(half)) r = -r;   // odd integer power keeps the sign
    }
    return r;
}

// sin and cos of theta in [0, 8): theta = j * pi/2 + a, |a| <= pi/4, then Taylor series to a^13 / a^14.
DEV void dm_sincosf(float theta, float* sinOut, float* cosOut)
{
    float j = __builtin_rintf(theta * 0.636619772367581343f);
    float a = __builtin_fmaf(j, -1.57079637050628662109375f, theta);   // pi/2 rounded up to float
    a = __builtin_fmaf(j, 4.37113900018624283e-8f, a);                  // minus its excess
    float z = a * a;
    float s = 1.6059043836821613e-10f;                                 // 1/13!
    s = __builtin_fmaf(s, z, -2.5052108385441720e-8f);
    s = __builtin_fmaf(s, z, 2.7557319223985893e-6f);
    s = __builtin_fmaf(s, z, -1.9841269841269841e-4f);
    s = __builtin_fmaf(s, z, 8.3333333333333333e-3f);
    s = __builtin_fmaf(s, z, -1.6666666666666667e-1f);
    s = __builtin_fmaf(a * z, s, a);
    float c = -1.1470745597729725e-11f;                                // -1/14!
    c = __builtin_fmaf(c, z, 2.0876756987868099e-9f);
    c = __builtin_fmaf(c, z, -2.7557319223985891e-7f);
    c = __builtin_fmaf(c, z, 2.4801587301587302e-5f);
    c = __builtin_fmaf(c, z, -1.3888888888888889e-3f);
    c = __builtin_fmaf(c, z, 4.1666666666666667e-2f);
    c = __builtin_fmaf(c, z, -0.5f);
    c = __builtin_fmaf(c, z, 1.0f);
    int q = ((int)j) & 3;
    *sinOut = q == 0 ? s : q == 1 ? c : q == 2 ? -s : -c;
    *cosOut = q == 0 ? c : q == 1 ? -s : q == 2 ? -c : s;
}
