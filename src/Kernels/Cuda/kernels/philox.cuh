// Philox4x32-10 exactly as src/Kernels/Philox.cs: element e of stream (seed, offset) uses block e / 4,
// lane e % 4, counter (lo32(block), hi32(block), 0, 0), key (lo32(seed), hi32(seed)).
// Uniform = (word >> 8) * 2^-24; Normal = Box-Muller on the lane pair (2 * (lane / 2), +1) of the block.
#pragma once

struct PhiloxBlock { unsigned x0, x1, x2, x3; };

DEV PhiloxBlock philox_block(unsigned long long seed, unsigned long long block)
{
    unsigned c0 = (unsigned)block, c1 = (unsigned)(block >> 32), c2 = 0, c3 = 0;
    unsigned k0 = (unsigned)seed, k1 = (unsigned)(seed >> 32);
    for (int round = 0; round < 10; round++)
    {
        unsigned long long p0 = (unsigned long long)0xD2511F53u * c0;
        unsigned long long p1 = (unsigned long long)0xCD9E8D57u * c2;
        unsigned hi0 = (unsigned)(p0 >> 32), lo0 = (unsigned)p0;
        unsigned hi1 = (unsigned)(p1 >> 32), lo1 = (unsigned)p1;
        unsigned n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    PhiloxBlock b = { c0, c1, c2, c3 };
    return b;
}

DEV float philox_uniform(unsigned long long seed, unsigned long long element)
{
    PhiloxBlock b = philox_block(seed, element >> 2);
    unsigned lane = (unsigned)(element & 3);
    unsigned w = lane == 0 ? b.x0 : lane == 1 ? b.x1 : lane == 2 ? b.x2 : b.x3;
    return (float)(w >> 8) * (1.0f / 16777216.0f);
}

DEV float philox_normal(unsigned long long seed, unsigned long long element)
{
    PhiloxBlock b = philox_block(seed, element >> 2);
    unsigned lane = (unsigned)(element & 3);
    unsigned w0 = lane < 2 ? b.x0 : b.x2;
    unsigned w1 = lane < 2 ? b.x1 : b.x3;
    float u1 = (float)((w0 >> 8) + 1) * (1.0f / 16777216.0f);
    float u2 = (float)(w1 >> 8) * (1.0f / 16777216.0f);
    float r = f_sqrt(-2.0f * dm_logf(u1));
    float theta = 6.28318548202514648f * u2;   // 2 * MathF.PI, as the C# reference computes it
    float s, c;
    dm_sincosf(theta, &s, &c);
    return (lane & 1) == 0 ? r * c : r * s;
}
