// Checks shared by the whole-model parity tests (course autoencoder, VAE) against a fixture written by
// tools/make_torch_fixtures.py: parameter names, every step-0 parameter gradient (full or sampled + projections),
// losses along an Adam run and running statistics. Tolerances come from the fixture's *_noise entries (PyTorch's own
// float32 run vs its float64 reference), times a slack factor.
namespace Engine.Tests.Parity;

using Engine.Nn;
using Engine.Tests.Testing;
using NUnit.Framework;

public sealed class ModelParity(FixtureFile fixture, double slack)
{
    /// <summary>Our parameter names are PyTorch's (state-dict names match), and as many.</summary>
    public void ParameterNamesMatch(Module model)
    {
        var ours = model.NamedParameters().Select(p => p.Name).ToArray();
        var theirs = fixture.Names.Where(n => n.StartsWith("grad.", StringComparison.Ordinal) || n.StartsWith("grad_sampled.", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf('.') + 1)..]).ToArray();
        Assert.That(ours, Is.EquivalentTo(theirs));
        Assert.That(ours, Has.Length.EqualTo((int)fixture.GetScalars("parameter_names_count")[0]));
    }

    /// <summary>Elementwise: 1e-5 relative, plus 1e-6 and a few times PyTorch's float32 deviation (entry noiseName).</summary>
    public Tolerance NoiseTolerance(string noiseName) => new(1e-5, 1e-6 + slack * fixture.GetScalars(noiseName)[0]);

    public void EveryParameterGradient(IReadOnlyDictionary<string, float[]> grads)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, grad) in grads)
            {
                Assert.That(grad, Is.Not.Empty, $"{name}: no gradient");
                if (IsExactlyZero(name))
                {
                    CheckZeroGradient(name, grad);
                }
                else if (fixture.Contains("grad." + name))
                {
                    var expected = fixture.GetTensor("grad." + name);
                    AssertTensor.Close(expected.Values, grad, expected.Dims, $"d loss / d {name}", GradientTolerance(name, expected.Values));
                }
                else
                {
                    CheckSampledGradient(name, grad);
                }
            }
        }
    }

    /// <summary>Losses of the Adam run: 2e-5 relative plus a few times the largest relative deviation of PyTorch's
    /// float32 run so far (Adam amplifies rounding).</summary>
    public void AdamLosses(IReadOnlyList<double> losses)
    {
        double[] expected = fixture.GetScalars("adam_losses");
        Assert.That(losses, Has.Count.EqualTo(expected.Length));
        using (Assert.EnterMultipleScope())
        {
            double[] float32 = fixture.GetScalars("adam_losses_float32");
            double envelope = 0;
            for (int i = 0; i < expected.Length; i++)
            {
                envelope = Math.Max(envelope, Math.Abs(float32[i] - expected[i]) / Math.Abs(expected[i]));
                AssertTensor.Close(expected[i], losses[i], $"loss of step {i}", rtol: 2e-5 + slack * envelope);
            }
        }
    }

    /// <summary>The relative deviation of PyTorch's float32 run over the whole Adam run and [reference, float32] pairs.</summary>
    public double RelativeNoise(params string[] pairs)
    {
        var train = fixture.GetScalars("adam_losses").Zip(fixture.GetScalars("adam_losses_float32"));
        double noise = train.Max(pair => Math.Abs(pair.Second - pair.First) / Math.Abs(pair.First));
        foreach (string name in pairs)
        {
            double[] pair = fixture.GetScalars(name);
            noise = Math.Max(noise, Math.Abs(pair[1] - pair[0]) / Math.Abs(pair[0]));
        }
        return noise;
    }

    /// <summary>Batch-norm running means, variances and batch counters.</summary>
    public void RunningStatistics(Module model)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (name, entry) in model.StateDict())
            {
                if (entry.Buffer is not { } buffer) continue;
                if (buffer.IsCounter)
                {
                    Assert.That(buffer.Counter, Is.EqualTo((long)fixture.GetScalars("state." + name)[0]), name);
                }
                else
                {
                    AssertTensor.Close(fixture.GetTensor("state." + name), buffer.Values!, name, NoiseTolerance("state_noise." + name));
                }
            }
        }
    }

    /// <summary>Per tensor: 1e-4 relative, plus a few times PyTorch's own float32 deviation and 1e-6 of the largest value.</summary>
    private Tolerance GradientTolerance(string name, float[] expected) =>
        new(1e-4, slack * fixture.GetScalars("grad_noise." + name)[0] + 1e-6 * expected.Max(MathF.Abs));

    /// <summary>A conv bias followed by train-mode batch norm: the norm subtracts it again, so its gradient is exactly 0
    /// (the float64 reference shows ~1e-13).</summary>
    private bool IsExactlyZero(string name) =>
        name.EndsWith(".bias", StringComparison.Ordinal) && fixture.Contains("grad." + name)
        && fixture.GetTensor("grad." + name).Values.Max(MathF.Abs) < 1e-10f;

    /// <summary>Its rounding error is that of the M-term sum of dOutput, the same sum (times inputs) that gives the weight's
    /// gradient: we allow 1e-4 of the largest weight-gradient value.</summary>
    private void CheckZeroGradient(string name, float[] grad)
    {
        string weight = name[..^".bias".Length] + ".weight";
        var weightGrad = fixture.Contains("grad." + weight) ? fixture.GetTensor("grad." + weight) : fixture.GetTensor("grad_sampled." + weight);
        double bound = 1e-4 * weightGrad.Values.Max(MathF.Abs);
        Assert.That(grad.Max(MathF.Abs), Is.LessThanOrEqualTo(bound), $"d loss / d {name} must be 0 (bias before batch norm)");
    }

    /// <summary>A large gradient: every s-th value, then the full-tensor sum, sum of squares and a hash-probe dot product.</summary>
    private void CheckSampledGradient(string name, float[] grad)
    {
        var sampled = fixture.GetTensor("grad_sampled." + name);
        double[] projections = fixture.GetScalars("grad_projections." + name);   // stride, sum, sum of squares, probe dot
        int stride = (int)projections[0];
        float[] ours = [.. grad.Where((_, i) => i % stride == 0)];
        AssertTensor.Close(sampled.Values, ours, sampled.Dims, $"d loss / d {name} (every {stride}th value)", GradientTolerance(name, sampled.Values));
        float[] probe = Formula.Values(grad.Length, 7777);
        double sum = 0, squares = 0, dot = 0;
        for (int i = 0; i < grad.Length; i++) (sum, squares, dot) = (sum + grad[i], squares + grad[i] * (double)grad[i], dot + grad[i] * (double)probe[i]);
        double spread = Math.Sqrt(grad.Length) * GradientTolerance(name, sampled.Values).Atol;   // n independent errors
        AssertTensor.Close(projections[1], sum, $"sum of d loss / d {name}", 1e-5, spread);
        AssertTensor.Close(projections[2], squares, $"sum of squares of d loss / d {name}", 1e-4);
        AssertTensor.Close(projections[3], dot, $"probe dot d loss / d {name}", 1e-5, spread);
    }
}
