// One float vector of the machine's registers, so a fast CPU kernel is written once over any width: the kernel is a
// generic method over TVec, and the JIT compiles it once per width (V128: SSE or NEON, V256: AVX2, V512: AVX-512)
// into the same instructions it would give a hand-written Vector256 loop. Kernels never name a width; SimdWidths
// decides which instantiation runs.
namespace Engine.Kernels.Cpu.Simd;

/// <summary>A vector of <see cref="Count"/> floats with the operations the fast kernels use.</summary>
internal unsafe interface IVec<TSelf> where TSelf : unmanaged, IVec<TSelf>
{
    /// <summary>Floats per vector (4, 8 or 16).</summary>
    static abstract int Count { get; }

    static abstract TSelf Zero { get; }

    static abstract TSelf One { get; }

    /// <summary>Every lane = value.</summary>
    static abstract TSelf Broadcast(float value);

    /// <summary>Count floats from p (any alignment).</summary>
    static abstract TSelf Load(float* p);

    /// <summary>Count floats from x at element i (any alignment; the caller keeps i + Count within x).</summary>
    static abstract TSelf Load(ref float x, nuint i);

    /// <summary>Writes the Count lanes to p (any alignment).</summary>
    void Store(float* p);

    /// <summary>Writes the Count lanes to x at element i.</summary>
    void Store(ref float x, nuint i);

    /// <summary>a * b + c, one rounding where the ISA has FMA (AVX2's FMA3, AVX-512, NEON), two otherwise.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    static abstract TSelf operator +(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a, TSelf b);

    static abstract TSelf operator -(TSelf a);

    static abstract TSelf operator *(TSelf a, TSelf b);

    static abstract TSelf operator *(TSelf a, float b);

    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>Lane-wise and of two masks (or of any bits).</summary>
    static abstract TSelf operator &(TSelf a, TSelf b);

    static abstract TSelf Sqrt(TSelf x);

    static abstract TSelf Abs(TSelf x);

    static abstract TSelf Min(TSelf a, TSelf b);

    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>Per lane all ones where a &gt; b, else zero (a mask for <see cref="Select"/>).</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    static abstract TSelf GreaterThanOrEqual(TSelf a, TSelf b);

    static abstract TSelf LessThan(TSelf a, TSelf b);

    static abstract TSelf LessThanOrEqual(TSelf a, TSelf b);

    /// <summary>Per lane: mask ? a : b.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    /// <summary>The sum of the lanes.</summary>
    static abstract float Sum(TSelf x);
}

/// <summary>
/// The few operations of the SGEMM micro-kernel on the raw .NET vector type TRaw (Vector128/256/512&lt;float&gt;): the
/// JIT keeps raw vector accumulators in place (vfmadd231ps), where wrapped ones cost a register move per multiply-add.
/// </summary>
internal unsafe interface IVecRaw<TRaw> where TRaw : unmanaged
{
    static abstract TRaw RawZero { get; }

    static abstract TRaw RawBroadcast(float value);

    static abstract TRaw RawLoad(float* p);

    static abstract void RawStore(TRaw x, float* p);

    /// <summary>a * b + c, as <see cref="IVec{TSelf}.MultiplyAdd"/>.</summary>
    static abstract TRaw RawMultiplyAdd(TRaw a, TRaw b, TRaw c);

    static abstract TRaw RawMultiply(TRaw a, TRaw b);
}

