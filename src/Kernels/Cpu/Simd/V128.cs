// IVec at 128 bits (one of V128, V256, V512): a thin wrapper over .NET's Vector128<float>, one field, every member
// inlined, so the JIT keeps it in a register. SSE on x86 (with or without FMA3), NEON on ARM64: its MultiplyAdd is
// an FMA where the ISA has one and a multiply and an add where it does not (.NET's FusedMultiplyAdd would be exact in
// software there, and slow).
// The choice must be spelled with the ISA classes' IsSupported, which the JIT reads as constants while importing, so
// the other branch is never compiled. Behind a property (SimdWidths.HasFusedMultiplyAdd) it was folded only after
// inlining, too late: the dead branch's software FusedMultiplyAdd had already put every vector local of the SGEMM
// micro-kernel on the stack, and the SSE path without FMA ran at 9 GFLOP/s instead of 27-29 (Zen 3, DOTNET_EnableAVX2=0).
// The wrapper in a loop of accumulators costs a register move per FMA: the SGEMM micro-kernel uses the Raw members
// (IVecRaw) for that reason.
namespace Engine.Kernels.Cpu.Simd;

using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

/// <summary>4 floats in one 128-bit (SSE, NEON) register.</summary>
internal readonly unsafe struct V128 : IVec<V128>, IVecRaw<Vector128<float>>
{
    private readonly Vector128<float> _v;

    private V128(Vector128<float> v) => _v = v;

    public static Vector128<float> RawZero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> RawBroadcast(float value) => Vector128.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> RawLoad(float* p) => Vector128.Load(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RawStore(Vector128<float> x, float* p) => x.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> RawMultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
        Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : a * b + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> RawMultiply(Vector128<float> a, Vector128<float> b) => a * b;

    public static int Count { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => Vector128<float>.Count; }

    public static V128 Zero { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => default; }

    public static V128 One { [MethodImpl(MethodImplOptions.AggressiveInlining)] get => new(Vector128<float>.One); }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Broadcast(float value) => new(Vector128.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Load(float* p) => new(Vector128.Load(p));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Load(ref float x, nuint i) => new(Vector128.LoadUnsafe(ref x, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(float* p) => _v.Store(p);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Store(ref float x, nuint i) => _v.StoreUnsafe(ref x, i);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 MultiplyAdd(V128 a, V128 b, V128 c) =>
        new(RawMultiplyAdd(a._v, b._v, c._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator +(V128 a, V128 b) => new(a._v + b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator -(V128 a, V128 b) => new(a._v - b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator -(V128 a) => new(-a._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator *(V128 a, V128 b) => new(a._v * b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator *(V128 a, float b) => new(a._v * b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator /(V128 a, V128 b) => new(a._v / b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 operator &(V128 a, V128 b) => new(a._v & b._v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Sqrt(V128 x) => new(Vector128.Sqrt(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Abs(V128 x) => new(Vector128.Abs(x._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Min(V128 a, V128 b) => new(Vector128.Min(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Max(V128 a, V128 b) => new(Vector128.Max(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 GreaterThan(V128 a, V128 b) => new(Vector128.GreaterThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 GreaterThanOrEqual(V128 a, V128 b) => new(Vector128.GreaterThanOrEqual(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 LessThan(V128 a, V128 b) => new(Vector128.LessThan(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 LessThanOrEqual(V128 a, V128 b) => new(Vector128.LessThanOrEqual(a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static V128 Select(V128 mask, V128 a, V128 b) => new(Vector128.ConditionalSelect(mask._v, a._v, b._v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(V128 x) => Vector128.Sum(x._v);
}
