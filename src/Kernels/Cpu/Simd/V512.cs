// IVec at 512 bits (one of V128, V256, V512): a thin wrapper over .NET's Vector512<float>, one field, every member
// inlined, so the JIT keeps it in a register. AVX-512: SimdWidths runs it only with AVX-512F, so MultiplyAdd is the FMA intrinsic itself.
// Any conditional in MultiplyAdd, even one the JIT folds, costs a register move per FMA, and so does the wrapper in a
// loop of accumulators: the SGEMM micro-kernel uses the Raw members (IVecRaw) for that reason.
namespace Engine.Kernels.Cpu.Simd;

using System.Runtime.Intrinsics;

/// <summary>16 floats in one 512-bit (AVX-512) register.</summary>
internal readonly unsafe struct V512 : IVec<V512>, IVecRaw<Vector512<float>>
{
    private readonly Vector512<float> _v;

    private V512(Vector512<float> v) => _v = v;

    public static Vector512<float> RawZero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RawBroadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RawLoad(float* p) => Vector512.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RawStore(Vector512<float> x, float* p) => x.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RawMultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> RawMultiply(Vector512<float> a, Vector512<float> b) => a * b;

    public static int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector512<float>.Count; }

    public static V512 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    public static V512 One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector512<float>.One); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Broadcast(float value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Load(float* p) => new(Vector512.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Load(ref float x, nuint i) => new(Vector512.LoadUnsafe(ref x, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* p) => _v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float x, nuint i) => _v.StoreUnsafe(ref x, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 MultiplyAdd(V512 a, V512 b, V512 c) => new(Vector512.FusedMultiplyAdd(a._v, b._v, c._v));   // FMA: SimdWidths

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator +(V512 a, V512 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator -(V512 a, V512 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator -(V512 a) => new(-a._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator *(V512 a, V512 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator *(V512 a, float b) => new(a._v * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator /(V512 a, V512 b) => new(a._v / b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 operator &(V512 a, V512 b) => new(a._v & b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Sqrt(V512 x) => new(Vector512.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Abs(V512 x) => new(Vector512.Abs(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Min(V512 a, V512 b) => new(Vector512.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Max(V512 a, V512 b) => new(Vector512.Max(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 GreaterThan(V512 a, V512 b) => new(Vector512.GreaterThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 GreaterThanOrEqual(V512 a, V512 b) => new(Vector512.GreaterThanOrEqual(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 LessThan(V512 a, V512 b) => new(Vector512.LessThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 LessThanOrEqual(V512 a, V512 b) => new(Vector512.LessThanOrEqual(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V512 Select(V512 mask, V512 a, V512 b) => new(Vector512.ConditionalSelect(mask._v, a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(V512 x) => Vector512.Sum(x._v);
}
