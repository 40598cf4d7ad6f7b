// Deterministic inputs and weights shared with tools/make_torch_fixtures.py (its det and init_formula), so the
// fixtures store only PyTorch's outputs and gradients. Value i of stream k: offset + scale (2 u - 1) with
// u = (lowbias32(i + lowbias32(k)) >> 8) 2^-24, computed in double and rounded once to float32.
namespace Engine.Tests.Parity;

using Engine.Nn;

public static class Formula
{
    public static float[] Values(int count, uint k, double scale = 1, double offset = 0)
    {
        var values = new float[count];
        uint key = LowBias32(k);
        for (int i = 0; i < count; i++)
        {
            double u = (LowBias32(unchecked((uint)i + key)) >> 8) * (1.0 / 16777216.0);
            values[i] = (float)(offset + scale * (2.0 * u - 1.0));
        }
        return values;
    }

    public static Tensor Tensor(Shape shape, uint k, double scale = 1, double offset = 0) =>
        Engine.Tensor.FromArray(Values(shape.Count, k, scale, offset), shape);

    /// <summary>Parameter j (NamedParameters order, as PyTorch's named_parameters), stream k = j + 1: rank >= 2,
    /// U(-1, 1) / sqrt(fanIn); rank-1 "weight" (batch-norm gamma) 1 + 0.1 U(-1, 1); rank-1 "bias" 0.1 U(-1, 1).</summary>
    public static void Initialize(Module model)
    {
        uint k = 0;
        foreach (var (name, parameter) in model.NamedParameters())
        {
            var shape = parameter.Shape;
            k++;
            float[] values = shape.Rank >= 2 ? Values(shape.Count, k, 1 / Math.Sqrt(Init.FanIn(shape)))
                : name.EndsWith("weight", StringComparison.Ordinal) ? Values(shape.Count, k, 0.1, 1.0)
                : Values(shape.Count, k, 0.1);
            parameter.Value.CopyFrom(values);
        }
    }

    /// <summary>Chris Wellons' 32-bit integer hash.</summary>
    private static uint LowBias32(uint x)
    {
        unchecked
        {
            x ^= x >> 16;
            x *= 0x7FEB352D;
            x ^= x >> 15;
            x *= 0x846CA68B;
            return x ^ (x >> 16);
        }
    }
}
