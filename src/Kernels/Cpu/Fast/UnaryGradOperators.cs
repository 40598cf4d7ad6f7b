// Backward operator structs: dx = dy * f'(x), using y = f(x) where it is cheaper (as the reference does).
// Run by UnaryDriver.Map; Pow's backward stays on the reference loop.
namespace Engine.Kernels.Cpu.Fast;

using System.Runtime.Intrinsics;

internal readonly struct ScaleGradOperator(float factor) : IUnaryGradOperator   // Neg (-1), Affine (alpha)
{
    public float Invoke(float x, float y, float dy) => dy * factor;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * factor;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * factor;
}

internal readonly struct ExpGradOperator : IUnaryGradOperator                   // dy * y
{
    public float Invoke(float x, float y, float dy) => dy * y;
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * y;
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * y;
}

internal readonly struct LogGradOperator : IUnaryGradOperator                   // dy * (1 / x)
{
    public float Invoke(float x, float y, float dy) => dy * (1f / x);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) => dy * (Vector512<float>.One / x);
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) => dy * (Vector256<float>.One / x);
}

internal readonly struct SqrtGradOperator : IUnaryGradOperator                  // dy * (1 / (2 y))
{
    public float Invoke(float x, float y, float dy) => dy * (1f / (2f * y));
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        dy * (Vector512<float>.One / (y + y));
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        dy * (Vector256<float>.One / (y + y));
}

internal readonly struct SigmoidGradOperator : IUnaryGradOperator               // dy * y (1 - y)
{
    public float Invoke(float x, float y, float dy) => dy * (y * (1f - y));
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        dy * (y * (Vector512<float>.One - y));
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        dy * (y * (Vector256<float>.One - y));
}

internal readonly struct TanhGradOperator : IUnaryGradOperator                  // dy * (1 - y^2)
{
    public float Invoke(float x, float y, float dy) => dy * (1f - y * y);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        dy * (Vector512<float>.One - y * y);
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        dy * (Vector256<float>.One - y * y);
}

internal readonly struct AbsGradOperator : IUnaryGradOperator                   // dy * sign(x), 0 at 0
{
    public float Invoke(float x, float y, float dy) => dy * (x > 0f ? 1f : x < 0f ? -1f : 0f);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy)
    {
        var zero = Vector512<float>.Zero;
        var sign = Vector512.ConditionalSelect(Vector512.GreaterThan(x, zero), Vector512<float>.One, zero)
            - Vector512.ConditionalSelect(Vector512.LessThan(x, zero), Vector512<float>.One, zero);
        return dy * sign;
    }
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy)
    {
        var zero = Vector256<float>.Zero;
        var sign = Vector256.ConditionalSelect(Vector256.GreaterThan(x, zero), Vector256<float>.One, zero)
            - Vector256.ConditionalSelect(Vector256.LessThan(x, zero), Vector256<float>.One, zero);
        return dy * sign;
    }
}

internal readonly struct LeakyReluGradOperator(float slope) : IUnaryGradOperator  // dy * (x > 0 ? 1 : slope); ReLU: slope 0
{
    public float Invoke(float x, float y, float dy) => dy * (x > 0f ? 1f : slope);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        dy * Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), Vector512<float>.One, Vector512.Create(slope));
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        dy * Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), Vector256<float>.One, Vector256.Create(slope));
}

internal readonly struct ClampGradOperator(float low, float high) : IUnaryGradOperator  // dy inside [low, high], else 0
{
    public float Invoke(float x, float y, float dy) => dy * (x >= low && x <= high ? 1f : 0f);
    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y, Vector512<float> dy) =>
        dy * Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(x, Vector512.Create(low)) & Vector512.LessThanOrEqual(x, Vector512.Create(high)),
            Vector512<float>.One, Vector512<float>.Zero);
    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y, Vector256<float> dy) =>
        dy * Vector256.ConditionalSelect(
            Vector256.GreaterThanOrEqual(x, Vector256.Create(low)) & Vector256.LessThanOrEqual(x, Vector256.Create(high)),
            Vector256<float>.One, Vector256<float>.Zero);
}
