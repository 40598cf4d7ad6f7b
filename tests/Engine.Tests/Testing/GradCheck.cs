// Finite-difference gradient checks in float64 (on Backends.Reference64): for a function f of tensors,
// the analytic gradient of L = sum(f(x) * R) (R fixed random weights, so every output matters differently)
// must match the central difference (L(x + h) - L(x - h)) / 2h for every element of every input.
namespace Engine.Tests.Testing;


public static class GradCheck
{
    public static IBackend Backend => Backends.Reference64;

    /// <summary>A float64 tensor of seeded uniform values in [low, high).</summary>
    public static Tensor Input(int seed, float low, float high, params int[] dims)
    {
        var shape = new Shape(dims);
        var random = new Random(seed);
        var values = new double[shape.Count];
        for (int i = 0; i < values.Length; i++) values[i] = low + (high - low) * random.NextDouble();
        var t = Tensor.FromArray(values, shape, Backend);
        t.RequiresGrad = true;
        return t;
    }

    public static void Check(Func<Tensor[], Tensor> f, params Tensor[] inputs) => Check(f, 1e-6, 1e-5, 1e-7, inputs);

    public static void Check(Func<Tensor[], Tensor> f, double h, double rtol, double atol, params Tensor[] inputs)
    {
        Tensor output;
        using (NoGrad.Scope())
        {
            output = f(inputs);
        }
        var weights = Input(12345, -1f, 1f, output.Shape.ToArray());
        weights.RequiresGrad = false;

        foreach (var x in inputs) x.ZeroGrad();
        var loss = Objective(f, inputs, weights);
        loss.Backward();

        for (int k = 0; k < inputs.Length; k++)
        {
            var x = inputs[k];
            if (!x.RequiresGrad) continue;
            Assert.That(x.Grad, Is.Not.Null, $"input {k} got no gradient");
            var analytic = x.Grad!.ToDoubleArray();
            var values = x.ToDoubleArray();
            for (int i = 0; i < values.Length; i++)
            {
                double original = values[i];
                values[i] = original + h;
                x.Buffer.CopyFrom(values);
                double plus = Evaluate(f, inputs, weights);
                values[i] = original - h;
                x.Buffer.CopyFrom(values);
                double minus = Evaluate(f, inputs, weights);
                values[i] = original;
                x.Buffer.CopyFrom(values);
                double numeric = (plus - minus) / (2 * h);
                double tolerance = atol + rtol * Math.Max(Math.Abs(numeric), Math.Abs(analytic[i]));
                if (Math.Abs(numeric - analytic[i]) > tolerance)
                {
                    Assert.Fail($"input {k} {x.Shape} element {i}: analytic {analytic[i]:G10}, numeric {numeric:G10}");
                }
            }
        }
    }

    private static Tensor Objective(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights) => (f(inputs) * weights).Sum();

    private static double Evaluate(Func<Tensor[], Tensor> f, Tensor[] inputs, Tensor weights)
    {
        using (NoGrad.Scope())
        {
            return Objective(f, inputs, weights).ToDoubleArray()[0];
        }
    }
}
