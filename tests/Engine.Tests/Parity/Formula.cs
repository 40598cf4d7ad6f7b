// Deterministic inputs and weights shared with tools/make_torch_fixtures.py (its det and init_formula), so the
// fixtures store only PyTorch's outputs and gradients: value i = offset + scale sin(1.7 i + k), rounded once to float32.
namespace Engine.Tests.Parity;

using Engine.Nn;

public static class Formula
{
    public static float[] Values(int count, double k, double scale = 1, double offset = 0)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(offset + scale * Math.Sin(1.7 * i + k));
        return values;
    }

    public static Tensor Tensor(Shape shape, double k, double scale = 1, double offset = 0) =>
        Engine.Tensor.FromArray(Values(shape.Count, k, scale, offset), shape);

    /// <summary>Parameter j (NamedParameters order, as PyTorch's named_parameters): rank >= 2, sin scaled by
    /// 1/sqrt(fanIn); rank-1 "weight" (batch-norm gamma) 1 + 0.1 sin; rank-1 "bias" 0.1 sin; k = j + 1.</summary>
    public static void Initialize(Module model)
    {
        int j = 0;
        foreach (var (name, parameter) in model.NamedParameters())
        {
            var shape = parameter.Shape;
            int k = ++j;
            float[] values = shape.Rank >= 2 ? Values(shape.Count, k, 1 / Math.Sqrt(Init.FanIn(shape)))
                : name.EndsWith("weight", StringComparison.Ordinal) ? Values(shape.Count, k, 0.1, 1.0)
                : Values(shape.Count, k, 0.1);
            parameter.Value.CopyFrom(values);
        }
    }
}
