// What the adversarial autoencoders' one-step parity tests share (fixtures course_aae*.bin, tools/make_torch_fixtures.py's
// write_phased): the model is initialised by Formula, one full step runs its phases, each with its own Adam, and the
// change each phase makes to every parameter it trains is compared with PyTorch's, beside each phase's loss and the
// running statistics after the step. A first Adam step moves a parameter by about lr sign(g), so an element whose
// gradient is within float32 rounding of 0 may move either way: per tensor, all but about as many elements as PyTorch's
// own float32 runs flip must match tightly, and all of them within a few times PyTorch's float32 deviation (*_noise).
namespace Engine.Tests.Parity;

using Engine.Models.Training;
using Engine.Nn;
using Engine.Tests.Testing;
using NUnit.Framework;

public abstract partial class PhasedStepParity
{
    protected const double Slack = 5;

    private readonly Dictionary<string, float[]> _deltas = [];

    protected FixtureFile Fixture { get; private set; } = null!;

    protected LossTerms Terms { get; private set; } = null!;

    /// <summary>The fixture file under Fixtures/torch.</summary>
    protected abstract string FixtureName { get; }

    /// <summary>Each phase's name and the parameter-name prefixes it trains.</summary>
    protected abstract IReadOnlyDictionary<string, string[]> Phases { get; }

    /// <summary>The model the step trains (built by <see cref="Build"/>).</summary>
    protected abstract Module Model { get; }

    /// <summary>Builds the experiment from the fixture's settings and initialises its model by Formula, in train mode.</summary>
    protected abstract void Build(FixtureFile fixture);

    /// <summary>Runs one step on the fixture's inputs, calling <paramref name="afterPhase"/> after each phase.</summary>
    protected abstract LossTerms TrainStep(Action<string> afterPhase);

    [OneTimeSetUp]
    public void Step()
    {
        Fixture = FixtureFile.Torch(FixtureName);
        Build(Fixture);
        var before = Snapshot(Model);
        Terms = TrainStep(phase =>
        {
            var after = Snapshot(Model);
            foreach (var (name, values) in after)
            {
                if (!Phases[phase].Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))) continue;
                _deltas[$"{phase}.{name}"] = [.. values.Zip(before[name], (a, b) => (float)((double)a - b))];
            }
            before = after;
        });
    }

    [Test]
    public void ParameterNamesAreTheTorchModulesNames()
    {
        var names = Model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.That(names, Has.Length.EqualTo((int)Fixture.GetScalars("parameter_names_count")[0]));
        var stored = Fixture.Names.Where(n => n.StartsWith("delta.", StringComparison.Ordinal) || n.StartsWith("delta_sampled.", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf('.') + 1)..]).ToArray();
        Assert.That(stored, Is.EquivalentTo(_deltas.Keys), "every parameter each phase trains, and no other");
    }

    /// <summary>The logged term <paramref name="term"/> against the fixture's loss.<paramref name="term"/> (float64 reference, PyTorch float32).</summary>
    protected void LossMatches(string term)
    {
        double[] pair = Fixture.GetScalars("loss." + term);
        double noise = Math.Abs(pair[1] - pair[0]) / Math.Abs(pair[0]);
        var logged = Terms.Terms.Single(t => t.Name == term);
        AssertTensor.Close(pair[0], logged.Value.ToScalar(), $"{term} loss", rtol: 2e-5 + Slack * noise);
    }

    /// <summary>Every parameter <paramref name="phase"/> trains moved as PyTorch's.</summary>
    protected void PhaseMovesItsParametersAsPyTorch(string phase)
    {
        Assert.That(_deltas.Keys.Any(k => k.StartsWith(phase + ".", StringComparison.Ordinal)), $"phase {phase} ran");
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, ours) in _deltas.Where(d => d.Key.StartsWith(phase + ".", StringComparison.Ordinal)))
            {
                double noise = Fixture.GetScalars("delta_noise." + key)[0];
                int flips = (int)Fixture.GetScalars("delta_flips." + key)[0];
                if (Fixture.Contains("delta." + key))
                {
                    Compare(Fixture.GetTensor("delta." + key).Values, ours, key, noise, flips);
                    continue;
                }
                double[] projections = Fixture.GetScalars("delta_projections." + key);   // stride, sum, sum of squares, probe dot
                int stride = (int)projections[0];
                Compare(Fixture.GetTensor("delta_sampled." + key).Values, [.. ours.Where((_, i) => i % stride == 0)], key, noise, flips);
                float[] probe = Formula.Values(ours.Length, 7777);
                double sum = 0, squares = 0, dot = 0;
                for (int i = 0; i < ours.Length; i++) (sum, squares, dot) = (sum + ours[i], squares + ours[i] * (double)ours[i], dot + ours[i] * (double)probe[i]);
                double spread = Math.Sqrt(ours.Length) * (1e-6 + Slack * noise);
                AssertTensor.Close(projections[1], sum, $"sum of the change of {key}", 1e-4, spread);
                AssertTensor.Close(projections[2], squares, $"sum of squares of the change of {key}", 2e-2);
                AssertTensor.Close(projections[3], dot, $"probe dot the change of {key}", 1e-4, spread);
            }
        }
    }

    [Test]
    public void RunningStatisticsAfterTheStep() => new ModelParity(Fixture, Slack).RunningStatistics(Model);

    /// <summary>
    /// Every element within 1e-7 + 1e-3 |expected| (a clean lr sign(g) step) except at most 2 flips + 1, where flips is the
    /// most elements any float32 PyTorch run moved off that match; all within 1e-6 + Slack * noise. A bias
    /// right before a batch norm is exempt from the first: the norm subtracts it again, so its gradient is 0 up to rounding
    /// and its step is weight decay against float32 noise of the same size.
    /// </summary>
    private static void Compare(float[] expected, float[] actual, string what, double noise, int flips)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        if (BeforeBatchNorm().IsMatch(what))
        {
            AssertTensor.Close(expected, actual, [expected.Length], $"the change of {what}", new Tolerance(1e-3, 1e-6 + Slack * noise));
            return;
        }
        int tight = Enumerable.Range(0, expected.Length).Count(i => Math.Abs(actual[i] - expected[i]) <= 1e-7 + 1e-3 * Math.Abs(expected[i]));
        Assert.That(expected.Length - tight, Is.LessThanOrEqualTo(2 * flips + 1), $"the change of {what}: elements off a tight match");
        AssertTensor.Close(expected, actual, [expected.Length], $"the change of {what}", new Tolerance(1e-3, 1e-6 + Slack * noise));
    }

    // The biases right before a batch norm: the course encoder's and decoder's conv blocks (also inside the baseline
    // classifier's encoder) and the first two linears of every discriminator-shaped MLP.
    [System.Text.RegularExpressions.GeneratedRegex(@"(encoder\.encoder\.\d+\.0|decoder\.decoder\.\d+\.0|(discriminator|predictor|categorical|gaussian)\.layers\.[03])\.bias$")]
    private static partial System.Text.RegularExpressions.Regex BeforeBatchNorm();

    private static Dictionary<string, float[]> Snapshot(Module model) =>
        model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.ToArray());
}
