// Elementwise operator structs in the TensorPrimitives style: each op is one struct with a scalar Invoke and one
// vector Invoke written once over the vector width (IVec), run by one loop driver at the widest width the machine
// accelerates (whole vectors, then a scalar tail).
namespace Engine.Kernels.Cpu.Fast;

using System.Runtime.InteropServices;
using Engine.Kernels.Cpu.Simd;

/// <summary>y = f(x).</summary>
internal interface IUnaryOperator
{
    float Invoke(float x);

    TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec>;
}

/// <summary>dx = g(x, y, dy) with y = f(x).</summary>
internal interface IUnaryGradOperator
{
    float Invoke(float x, float y, float dy);

    TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec>;
}

internal static class UnaryDriver
{
    /// <summary>y = op(x) element by element.</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, SimdLevel level = SimdLevel.Auto)
        where TOp : struct, IUnaryOperator
    {
        switch (SimdWidths.Resolve(level))
        {
            case SimdLevel.Vector512: Map<TOp, V512>(op, x, y); break;
            case SimdLevel.Vector256: Map<TOp, V256>(op, x, y); break;
            case SimdLevel.Vector128: Map<TOp, V128>(op, x, y); break;
            default: MapScalar(op, x, y, 0); break;
        }
    }

    /// <summary>dx = op(x, y, dy) element by element.</summary>
    public static void Map<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        SimdLevel level = SimdLevel.Auto)
        where TOp : struct, IUnaryGradOperator
    {
        switch (SimdWidths.Resolve(level))
        {
            case SimdLevel.Vector512: Map<TOp, V512>(op, x, y, dy, dx); break;
            case SimdLevel.Vector256: Map<TOp, V256>(op, x, y, dy, dx); break;
            case SimdLevel.Vector128: Map<TOp, V128>(op, x, y, dy, dx); break;
            default: MapScalar(op, x, y, dy, dx, 0); break;
        }
    }

    private static void Map<TOp, TVec>(TOp op, ReadOnlySpan<float> x, Span<float> y)
        where TOp : struct, IUnaryOperator where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            op.Invoke(TVec.Load(ref xs, (nuint)i)).Store(ref ys, (nuint)i);
        }
        MapScalar(op, x, y, i);
    }

    private static void Map<TOp, TVec>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx)
        where TOp : struct, IUnaryGradOperator where TVec : unmanaged, IVec<TVec>
    {
        ref float xs = ref MemoryMarshal.GetReference(x);
        ref float ys = ref MemoryMarshal.GetReference(y);
        ref float dys = ref MemoryMarshal.GetReference(dy);
        ref float dxs = ref MemoryMarshal.GetReference(dx);
        int i = 0;
        for (; i <= x.Length - TVec.Count; i += TVec.Count)
        {
            op.Invoke(TVec.Load(ref xs, (nuint)i), TVec.Load(ref ys, (nuint)i), TVec.Load(ref dys, (nuint)i)).Store(ref dxs, (nuint)i);
        }
        MapScalar(op, x, y, dy, dx, i);
    }

    // The elements from `start` on, one at a time (the tail after whole vectors, or all of them at the scalar level).
    private static void MapScalar<TOp>(TOp op, ReadOnlySpan<float> x, Span<float> y, int start) where TOp : struct, IUnaryOperator
    {
        for (int i = start; i < x.Length; i++)
        {
            y[i] = op.Invoke(x[i]);
        }
    }

    private static void MapScalar<TOp>(TOp op, ReadOnlySpan<float> x, ReadOnlySpan<float> y, ReadOnlySpan<float> dy, Span<float> dx,
        int start) where TOp : struct, IUnaryGradOperator
    {
        for (int i = start; i < x.Length; i++)
        {
            dx[i] = op.Invoke(x[i], y[i], dy[i]);
        }
    }
}

internal readonly struct NegOperator : IUnaryOperator
{
    public float Invoke(float x) => -x;
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> => -x;
}

internal readonly struct AbsOperator : IUnaryOperator
{
    public float Invoke(float x) => MathF.Abs(x);
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> => TVec.Abs(x);
}

internal readonly struct ReluOperator : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? x : 0f;
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> => TVec.Select(TVec.GreaterThan(x, TVec.Zero), x, TVec.Zero);
}

internal readonly struct LeakyReluOperator(float slope) : IUnaryOperator
{
    public float Invoke(float x) => x > 0f ? x : slope * x;
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> => TVec.Select(TVec.GreaterThan(x, TVec.Zero), x, x * slope);
}

internal readonly struct ClampOperator(float low, float high) : IUnaryOperator
{
    public float Invoke(float x) => MathF.Min(MathF.Max(x, low), high);
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> => TVec.Min(TVec.Max(x, TVec.Broadcast(low)), TVec.Broadcast(high));
}

internal readonly struct AffineOperator(float scale, float shift) : IUnaryOperator
{
    public float Invoke(float x) => scale * x + shift;
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> => x * scale + TVec.Broadcast(shift);
}

internal readonly struct StepOperator(float threshold, float value) : IUnaryOperator   // x > threshold ? value : 0
{
    public float Invoke(float x) => x > threshold ? value : 0f;
    public TVec Invoke<TVec>(TVec x) where TVec : unmanaged, IVec<TVec> =>
        TVec.Select(TVec.GreaterThan(x, TVec.Broadcast(threshold)), TVec.Broadcast(value), TVec.Zero);
}
