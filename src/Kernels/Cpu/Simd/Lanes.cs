// Lane shuffles on 128-bit vectors for the kernels that move data rather than compute: the GEMM packing's 4 x 4
// transposes and the phase split's (de)interleaving of even and odd columns. One instruction each on SSE
// (unpcklps, unpckhps, movlhps, movhlps, shufps) and on NEON (zip1, zip2, uzp1, uzp2); element by element elsewhere.
namespace Engine.Kernels.Cpu.Simd;

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

internal static unsafe class Lanes
{
    /// <summary>(a0, b0, a1, b1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ZipLow(Vector128<float> a, Vector128<float> b) =>
        Sse.IsSupported ? Sse.UnpackLow(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Vector128.Create(a[0], b[0], a[1], b[1]);

    /// <summary>(a2, b2, a3, b3).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ZipHigh(Vector128<float> a, Vector128<float> b) =>
        Sse.IsSupported ? Sse.UnpackHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Vector128.Create(a[2], b[2], a[3], b[3]);

    /// <summary>(a0, a1, b0, b1): the low pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ZipLowPairs(Vector128<float> a, Vector128<float> b) =>
        Sse.IsSupported ? Sse.MoveLowToHigh(a, b)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a.AsDouble(), b.AsDouble()).AsSingle()
        : Vector128.Create(a[0], a[1], b[0], b[1]);

    /// <summary>(a2, a3, b2, b3): the high pairs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> ZipHighPairs(Vector128<float> a, Vector128<float> b) =>
        Sse.IsSupported ? Sse.MoveHighToLow(b, a)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a.AsDouble(), b.AsDouble()).AsSingle()
        : Vector128.Create(a[2], a[3], b[2], b[3]);

    /// <summary>(a0, a2, b0, b2): the even lanes of a then b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> UnzipEven(Vector128<float> a, Vector128<float> b) =>
        Sse.IsSupported ? Sse.Shuffle(a, b, 0b10_00_10_00)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipEven(a, b)
        : Vector128.Create(a[0], a[2], b[0], b[2]);

    /// <summary>(a1, a3, b1, b3): the odd lanes of a then b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> UnzipOdd(Vector128<float> a, Vector128<float> b) =>
        Sse.IsSupported ? Sse.Shuffle(a, b, 0b11_01_11_01)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipOdd(a, b)
        : Vector128.Create(a[1], a[3], b[1], b[3]);

    /// <summary>
    /// The 4 x 4 block of rows x0..x3 stored transposed: column j (x0[j], x1[j], x2[j], x3[j]) at dst + j * stride.
    /// Two rounds of zips (unpcklps / movlhps on x86, zip1 / zip2 on ARM64).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreTransposed(Vector128<float> x0, Vector128<float> x1, Vector128<float> x2, Vector128<float> x3,
        float* dst, nint stride)
    {
        var t0 = ZipLow(x0, x1);    // x0[0] x1[0] x0[1] x1[1]
        var t1 = ZipLow(x2, x3);
        var t2 = ZipHigh(x0, x1);   // x0[2] x1[2] x0[3] x1[3]
        var t3 = ZipHigh(x2, x3);
        Vector128.Store(ZipLowPairs(t0, t1), dst);
        Vector128.Store(ZipHighPairs(t0, t1), dst + stride);
        Vector128.Store(ZipLowPairs(t2, t3), dst + 2 * stride);
        Vector128.Store(ZipHighPairs(t2, t3), dst + 3 * stride);
    }

    /// <summary>dst[2 v] = even[v] for v &lt; evens, dst[2 v + 1] = odd[v] for v &lt; odds (odds is evens or evens - 1).</summary>
    public static void Interleave(float* even, float* odd, int evens, int odds, float* dst)
    {
        int v = 0;
        for (; v + 4 <= odds; v += 4)
        {
            Vector128<float> e = Vector128.Load(even + v), o = Vector128.Load(odd + v);
            Vector128.Store(ZipLow(e, o), dst + 2 * v);
            Vector128.Store(ZipHigh(e, o), dst + 2 * v + 4);
        }
        for (; v < odds; v++)
        {
            dst[2 * v] = even[v];
            dst[2 * v + 1] = odd[v];
        }
        if (evens > odds)
        {
            dst[2 * v] = even[v];
        }
    }

    /// <summary>even[x] = src[2 x] for x &lt; evens, odd[x] = src[2 x + 1] for x &lt; odds (odds is evens or evens - 1).</summary>
    public static void Deinterleave(float* src, int evens, int odds, float* even, float* odd)
    {
        int x = 0;
        for (; x + 4 <= odds; x += 4)
        {
            Vector128<float> lo = Vector128.Load(src + 2 * x), hi = Vector128.Load(src + 2 * x + 4);
            Vector128.Store(UnzipEven(lo, hi), even + x);
            Vector128.Store(UnzipOdd(lo, hi), odd + x);
        }
        for (; x < odds; x++)
        {
            even[x] = src[2 * x];
            odd[x] = src[2 * x + 1];
        }
        if (evens > odds)
        {
            even[x] = src[2 * x];
        }
    }

    /// <summary><see cref="Interleave(float*, float*, int, int, float*)"/> over spans (evens, odds: their lengths).</summary>
    public static void Interleave(ReadOnlySpan<float> even, ReadOnlySpan<float> odd, Span<float> dst)
    {
        CheckCounts(even.Length, odd.Length, dst.Length);
        fixed (float* e = even, o = odd, d = dst)
        {
            Interleave(e, o, even.Length, odd.Length, d);
        }
    }

    /// <summary><see cref="Deinterleave(float*, int, int, float*, float*)"/> over spans (evens, odds: their lengths).</summary>
    public static void Deinterleave(ReadOnlySpan<float> src, Span<float> even, Span<float> odd)
    {
        CheckCounts(even.Length, odd.Length, src.Length);
        fixed (float* s = src, e = even, o = odd)
        {
            Deinterleave(s, even.Length, odd.Length, e, o);
        }
    }

    private static void CheckCounts(int evens, int odds, int both)
    {
        if (odds > evens || odds < evens - 1 || both < evens + odds)
        {
            throw new ArgumentException($"{evens} even and {odds} odd columns in {both}: odds must be evens or evens - 1");
        }
    }
}
