// Elementwise operator structs in the TensorPrimitives style: each op is one struct with a scalar and a
// vector Invoke, run by one loop driver (Vector512, then Vector256, then a scalar tail/fallback).
namespace Engine.Kernels.Cpu.Fast;

using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

/// <summary>y = f(x).</summary>
internal interface IUnaryOperator
{
    float Invoke(float x);

    Vector512<float> Invoke(Vector512<float> x);

    Vector256<float> Invoke(Vector256<float> x);
}

/// <summary>dx = g(x, y, dy) with y = f(x).</summary>
internal interface IUnaryGradOperator
{
    float Invoke(float x, float y, float dy);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy);
}

internal static class UnaryDriver
{
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int i = 0, length = x.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
            }
        }
        for (; i < length; i++)
        {
            Unsafe.Add(ref ys, i) = op.Invoke(Unsafe.Add(ref xs, i));
        }
    }

    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryGradOperator
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float dys = ref MemoryMarshal.GetReference(dy);
        ref float dxs = ref MemoryMarshal.GetReference(dx);
        int i = 0, length = x.Length;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                op.Invoke(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i),
                    Vector512.LoadUnsafe(ref dys, (nuint)i)).StoreUnsafe(ref dxs, (nuint)i);
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                op.Invoke(Vector256.LoadUnsafe(ref xs, (nuint)i), Vector256.LoadUnsafe(ref ys, (nuint)i),
                    Vector256.LoadUnsafe(ref dys, (nuint)i)).StoreUnsafe(ref dxs, (nuint)i);
            }
        }
        for (; i < length; i++)
        {
            Unsafe.Add(ref dxs, i) = op.Invoke(Unsafe.Add(ref xs, i), Unsafe.Add(ref ys, i), Unsafe.Add(ref dys, i));
        }
    }
}

internal readonly struct NegOperator : IUnaryOperator
{
    public float Invoke(float x) => -x;
    public Vector512<float> Invoke(Vector512<float> x) => -x;
    public Vector256<float> Invoke(Vector256<float> x) => -x;
}

internal readonly struct AbsOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Abs(x);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Abs(x);
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Abs(x);
}

internal readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? x : 0f;
    public Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);
}

internal readonly struct LeakyReluOperator(float slope) : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? x : slope * x;
    public Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, x * slope);
    public Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, x * slope);
}

internal readonly struct ClampOperator(float low, float high) : IUnaryOperator
{
    public float Invoke(float x) => MathF.Min(MathF.Max(x, low), high);
    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Min(Vector512.Max(x, Vector512.Create(low)), Vector512.Create(high));
    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Min(Vector256.Max(x, Vector256.Create(low)), Vector256.Create(high));
}

internal readonly struct AffineOperator(float scale, float shift) : IUnaryOperator
{
    public float Invoke(float x) => scale * x + shift;
    public Vector512<float> Invoke(Vector512<float> x) => x * scale + Vector512.Create(shift);
    public Vector256<float> Invoke(Vector256<float> x) => x * scale + Vector256.Create(shift);
}

internal readonly struct StepOperator(float threshold, float value) : IUnaryOperator   // x > threshold ? value : 0
{
    public float Invoke(float x) => x > threshold ? value : 0f;
    public Vector512<float> Invoke(Vector512<float> x) =>
        Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(threshold)), Vector512.Create(value), Vector512<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> x) =>
        Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(threshold)), Vector256.Create(value), Vector256<float>.Zero);
}
