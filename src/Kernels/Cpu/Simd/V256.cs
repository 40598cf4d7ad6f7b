// IVec at 256 bits (one of V128, V256, V512): a thin wrapper over .NET's Vector256<float>, one field, every member
// inlined, so the JIT keeps it in a register. AVX2: SimdWidths runs it only with FMA3, so MultiplyAdd is the FMA intrinsic itself.
// Any conditional in MultiplyAdd, even one the JIT folds, costs a register move per FMA, and so does the wrapper in a
// loop of accumulators: the SGEMM micro-kernel uses the Raw members (IVecRaw) for that reason.
namespace Engine.Kernels.Cpu.Simd;

using System.Runtime.Intrinsics;

/// <summary>8 floats in one 256-bit (AVX2) register.</summary>
internal readonly unsafe struct V256 : IVec<V256>, IVecRaw<Vector256<float>>
{
    private readonly Vector256<float> _v;

    private V256(Vector256<float> v) => _v = v;

    public static Vector256<float> RawZero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RawBroadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RawLoad(float* p) => Vector256.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RawStore(Vector256<float> x, float* p) => x.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RawMultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RawMultiply(Vector256<float> a, Vector256<float> b) => a * b;

    public static int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector256<float>.Count; }

    public static V256 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    public static V256 One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector256<float>.One); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Broadcast(float value) => new(Vector256.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Load(float* p) => new(Vector256.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Load(ref float x, nuint i) => new(Vector256.LoadUnsafe(ref x, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* p) => _v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float x, nuint i) => _v.StoreUnsafe(ref x, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 MultiplyAdd(V256 a, V256 b, V256 c) => new(Vector256.FusedMultiplyAdd(a._v, b._v, c._v));   // FMA: SimdWidths

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator +(V256 a, V256 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator -(V256 a, V256 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator -(V256 a) => new(-a._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator *(V256 a, V256 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator *(V256 a, float b) => new(a._v * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator /(V256 a, V256 b) => new(a._v / b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 operator &(V256 a, V256 b) => new(a._v & b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Sqrt(V256 x) => new(Vector256.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Abs(V256 x) => new(Vector256.Abs(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Min(V256 a, V256 b) => new(Vector256.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Max(V256 a, V256 b) => new(Vector256.Max(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 GreaterThan(V256 a, V256 b) => new(Vector256.GreaterThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 GreaterThanOrEqual(V256 a, V256 b) => new(Vector256.GreaterThanOrEqual(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 LessThan(V256 a, V256 b) => new(Vector256.LessThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 LessThanOrEqual(V256 a, V256 b) => new(Vector256.LessThanOrEqual(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V256 Select(V256 mask, V256 a, V256 b) => new(Vector256.ConditionalSelect(mask._v, a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(V256 x) => Vector256.Sum(x._v);
}
