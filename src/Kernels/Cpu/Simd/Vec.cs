// The three widths of IVec: thin wrappers over .NET's Vector128/256/512<float> (one field each, so the JIT keeps
// them in registers). MultiplyAddEstimate is one FMA instruction where the ISA has one, a multiply and an add where
// it does not (x86 without FMA3), never the slow software-exact FusedMultiplyAdd.
namespace Engine.Kernels.Cpu.Simd;

using System.Runtime.Intrinsics;

/// <summary>4 floats in one 128-bit (SSE, NEON) register.</summary>
internal readonly unsafe struct V128 : IVec<V128>
{
    private readonly Vector128<float> _v;

    private V128(Vector128<float> v) => _v = v;

    public static int Count => Vector128<float>.Count;

    public static V128 Zero => default;

    public static V128 One => new(Vector128<float>.One);

    public static V128 Broadcast(float value) => new(Vector128.Create(value));

    public static V128 Load(float* p) => new(Vector128.Load(p));

    public static V128 Load(ref float x, nuint i) => new(Vector128.LoadUnsafe(ref x, i));

    public void Store(float* p) => _v.Store(p);

    public void Store(ref float x, nuint i) => _v.StoreUnsafe(ref x, i);

    public static V128 MultiplyAdd(V128 a, V128 b, V128 c) => new(Vector128.MultiplyAddEstimate(a._v, b._v, c._v));

    public static V128 operator +(V128 a, V128 b) => new(a._v + b._v);

    public static V128 operator -(V128 a, V128 b) => new(a._v - b._v);

    public static V128 operator -(V128 a) => new(-a._v);

    public static V128 operator *(V128 a, V128 b) => new(a._v * b._v);

    public static V128 operator *(V128 a, float b) => new(a._v * b);

    public static V128 operator /(V128 a, V128 b) => new(a._v / b._v);

    public static V128 operator &(V128 a, V128 b) => new(a._v & b._v);

    public static V128 Sqrt(V128 x) => new(Vector128.Sqrt(x._v));

    public static V128 Abs(V128 x) => new(Vector128.Abs(x._v));

    public static V128 Min(V128 a, V128 b) => new(Vector128.Min(a._v, b._v));

    public static V128 Max(V128 a, V128 b) => new(Vector128.Max(a._v, b._v));

    public static V128 GreaterThan(V128 a, V128 b) => new(Vector128.GreaterThan(a._v, b._v));

    public static V128 GreaterThanOrEqual(V128 a, V128 b) => new(Vector128.GreaterThanOrEqual(a._v, b._v));

    public static V128 LessThan(V128 a, V128 b) => new(Vector128.LessThan(a._v, b._v));

    public static V128 LessThanOrEqual(V128 a, V128 b) => new(Vector128.LessThanOrEqual(a._v, b._v));

    public static V128 Select(V128 mask, V128 a, V128 b) => new(Vector128.ConditionalSelect(mask._v, a._v, b._v));

    public static float Sum(V128 x) => Vector128.Sum(x._v);
}

/// <summary>8 floats in one 256-bit (AVX2) register.</summary>
internal readonly unsafe struct V256 : IVec<V256>
{
    private readonly Vector256<float> _v;

    private V256(Vector256<float> v) => _v = v;

    public static int Count => Vector256<float>.Count;

    public static V256 Zero => default;

    public static V256 One => new(Vector256<float>.One);

    public static V256 Broadcast(float value) => new(Vector256.Create(value));

    public static V256 Load(float* p) => new(Vector256.Load(p));

    public static V256 Load(ref float x, nuint i) => new(Vector256.LoadUnsafe(ref x, i));

    public void Store(float* p) => _v.Store(p);

    public void Store(ref float x, nuint i) => _v.StoreUnsafe(ref x, i);

    public static V256 MultiplyAdd(V256 a, V256 b, V256 c) => new(Vector256.MultiplyAddEstimate(a._v, b._v, c._v));

    public static V256 operator +(V256 a, V256 b) => new(a._v + b._v);

    public static V256 operator -(V256 a, V256 b) => new(a._v - b._v);

    public static V256 operator -(V256 a) => new(-a._v);

    public static V256 operator *(V256 a, V256 b) => new(a._v * b._v);

    public static V256 operator *(V256 a, float b) => new(a._v * b);

    public static V256 operator /(V256 a, V256 b) => new(a._v / b._v);

    public static V256 operator &(V256 a, V256 b) => new(a._v & b._v);

    public static V256 Sqrt(V256 x) => new(Vector256.Sqrt(x._v));

    public static V256 Abs(V256 x) => new(Vector256.Abs(x._v));

    public static V256 Min(V256 a, V256 b) => new(Vector256.Min(a._v, b._v));

    public static V256 Max(V256 a, V256 b) => new(Vector256.Max(a._v, b._v));

    public static V256 GreaterThan(V256 a, V256 b) => new(Vector256.GreaterThan(a._v, b._v));

    public static V256 GreaterThanOrEqual(V256 a, V256 b) => new(Vector256.GreaterThanOrEqual(a._v, b._v));

    public static V256 LessThan(V256 a, V256 b) => new(Vector256.LessThan(a._v, b._v));

    public static V256 LessThanOrEqual(V256 a, V256 b) => new(Vector256.LessThanOrEqual(a._v, b._v));

    public static V256 Select(V256 mask, V256 a, V256 b) => new(Vector256.ConditionalSelect(mask._v, a._v, b._v));

    public static float Sum(V256 x) => Vector256.Sum(x._v);
}

/// <summary>16 floats in one 512-bit (AVX-512) register.</summary>
internal readonly unsafe struct V512 : IVec<V512>
{
    private readonly Vector512<float> _v;

    private V512(Vector512<float> v) => _v = v;

    public static int Count => Vector512<float>.Count;

    public static V512 Zero => default;

    public static V512 One => new(Vector512<float>.One);

    public static V512 Broadcast(float value) => new(Vector512.Create(value));

    public static V512 Load(float* p) => new(Vector512.Load(p));

    public static V512 Load(ref float x, nuint i) => new(Vector512.LoadUnsafe(ref x, i));

    public void Store(float* p) => _v.Store(p);

    public void Store(ref float x, nuint i) => _v.StoreUnsafe(ref x, i);

    public static V512 MultiplyAdd(V512 a, V512 b, V512 c) => new(Vector512.MultiplyAddEstimate(a._v, b._v, c._v));

    public static V512 operator +(V512 a, V512 b) => new(a._v + b._v);

    public static V512 operator -(V512 a, V512 b) => new(a._v - b._v);

    public static V512 operator -(V512 a) => new(-a._v);

    public static V512 operator *(V512 a, V512 b) => new(a._v * b._v);

    public static V512 operator *(V512 a, float b) => new(a._v * b);

    public static V512 operator /(V512 a, V512 b) => new(a._v / b._v);

    public static V512 operator &(V512 a, V512 b) => new(a._v & b._v);

    public static V512 Sqrt(V512 x) => new(Vector512.Sqrt(x._v));

    public static V512 Abs(V512 x) => new(Vector512.Abs(x._v));

    public static V512 Min(V512 a, V512 b) => new(Vector512.Min(a._v, b._v));

    public static V512 Max(V512 a, V512 b) => new(Vector512.Max(a._v, b._v));

    public static V512 GreaterThan(V512 a, V512 b) => new(Vector512.GreaterThan(a._v, b._v));

    public static V512 GreaterThanOrEqual(V512 a, V512 b) => new(Vector512.GreaterThanOrEqual(a._v, b._v));

    public static V512 LessThan(V512 a, V512 b) => new(Vector512.LessThan(a._v, b._v));

    public static V512 LessThanOrEqual(V512 a, V512 b) => new(Vector512.LessThanOrEqual(a._v, b._v));

    public static V512 Select(V512 mask, V512 a, V512 b) => new(Vector512.ConditionalSelect(mask._v, a._v, b._v));

    public static float Sum(V512 x) => Vector512.Sum(x._v);
}
