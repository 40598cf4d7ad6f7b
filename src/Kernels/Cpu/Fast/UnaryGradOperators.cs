// Backward operator structs: dx = dy * f'(x), using y = f(x) where it is cheaper (as the reference does), each with
// a scalar Invoke and one vector Invoke over any width. Run by UnaryDriver.Map; Pow's backward stays on the
// reference loop.
namespace Engine.Kernels.Cpu.Fast;

using Engine.Kernels.Cpu.Simd;

internal readonly struct ScaleGradOperator(float factor) : IUnaryGradOperator   // Neg (-1), Affine (alpha)
{
    public float Invoke(float x, float y, float dy) => dy * factor;
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * factor;
}

internal readonly struct ExpGradOperator : IUnaryGradOperator                   // dy * y
{
    public float Invoke(float x, float y, float dy) => dy * y;
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * y;
}

internal readonly struct LogGradOperator : IUnaryGradOperator                   // dy * (1 / x)
{
    public float Invoke(float x, float y, float dy) => dy * (1f / x);
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * (TVec.One / x);
}

internal readonly struct SqrtGradOperator : IUnaryGradOperator                  // dy * (1 / (2 y))
{
    public float Invoke(float x, float y, float dy) => dy * (1f / (2f * y));
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * (TVec.One / (y + y));
}

internal readonly struct SigmoidGradOperator : IUnaryGradOperator               // dy * y (1 - y)
{
    public float Invoke(float x, float y, float dy) => dy * (y * (1f - y));
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * (y * (TVec.One - y));
}

internal readonly struct TanhGradOperator : IUnaryGradOperator                  // dy * (1 - y^2)
{
    public float Invoke(float x, float y, float dy) => dy * (1f - y * y);
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> => dy * (TVec.One - y * y);
}

internal readonly struct AbsGradOperator : IUnaryGradOperator                   // dy * sign(x), 0 at 0
{
    public float Invoke(float x, float y, float dy) => dy * (x > 0f ? 1f : x < 0f ? -1f : 0f);
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec>
    {
        var sign = TVec.Select(TVec.GreaterThan(x, TVec.Zero), TVec.One, TVec.Zero)
            - TVec.Select(TVec.LessThan(x, TVec.Zero), TVec.One, TVec.Zero);
        return dy * sign;
    }
}

internal readonly struct LeakyReluGradOperator(float slope) : IUnaryGradOperator  // dy * (x > 0 ? 1 : slope); ReLU: slope 0
{
    public float Invoke(float x, float y, float dy) => dy * (x > 0f ? 1f : slope);
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> =>
        dy * TVec.Select(TVec.GreaterThan(x, TVec.Zero), TVec.One, TVec.Broadcast(slope));
}

internal readonly struct ClampGradOperator(float low, float high) : IUnaryGradOperator  // dy inside [low, high], else 0
{
    public float Invoke(float x, float y, float dy) => dy * (x >= low && x <= high ? 1f : 0f);
    public TVec Invoke<TVec>(TVec x, TVec y, TVec dy) where TVec : unmanaged, IVec<TVec> =>
        dy * TVec.Select(TVec.GreaterThanOrEqual(x, TVec.Broadcast(low)) & TVec.LessThanOrEqual(x, TVec.Broadcast(high)),
            TVec.One, TVec.Zero);
}
