// One full step of the adversarial autoencoder (src/Models/Experiments/AaeExperiment.cs) against PyTorch (fixture
// course_aae.bin, tools/make_torch_fixtures.py's write_aae): the course Encoder(2) and Decoder(2), the discriminator, batch
// 4 of 28 x 28 images, 8 given prior samples, three Adams (lr 1e-3, weight decay 1e-6) and the three phases:
//   1. reconstruction L_rec = BCE(G(E(x)), x) over encoder + decoder
//   2. generator 0.01 BCE(D(E(x)), 1) over the encoder
//   3. discriminator BCE(D(z_p), 1) + BCE(D(E(x)), 0) over D, E(x) detached
// (D in one train-mode pass over cat(z_p, E(x)) in phases 2 and 3).
// Checked: each phase's loss, the change each phase makes to every parameter it trains, the inside-prior term of phase
// 3's detached codes and the running statistics after the step. A first Adam step moves a parameter by about lr sign(g), so an element whose
// gradient is within float32 rounding of 0 may move either way: per tensor, all but about as many elements as PyTorch's
// own float32 runs flip must match tightly, and all of them within a few times PyTorch's float32 deviation (*_noise).
namespace Engine.Tests.Parity;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed partial class AaeParityTests
{
    private const int Latent = 2, Batch = 4, PriorSamples = 8;
    private const double Slack = 5;

    private readonly Dictionary<string, float[]> _deltas = [];
    private FixtureFile _fixture = null!;
    private AaeExperiment _experiment = null!;
    private LossTerms _terms = null!;

    [OneTimeSetUp]
    public void Step()
    {
        _fixture = FixtureFile.Torch("course_aae.bin");
        var config = new RunConfig
        {
            Model = "aae", Latent = Latent, LearningRate = 1e-3f, GeneratorWeight = (float)_fixture.GetScalars("generator_weight")[0],
        };
        _experiment = new AaeExperiment(config, ImageShape.FashionMnist);
        Assert.That(AaeExperiment.WeightDecay, Is.EqualTo((float)_fixture.GetScalars("weight_decay")[0]));
        var model = _experiment.Model;
        Formula.Initialize(model);
        model.Train();
        var x = Formula.Tensor(new Shape(Batch, 1, 28, 28), 100, 0.5, 0.5);
        var prior = Formula.Tensor(new Shape(PriorSamples, Latent), 300, 2.5);
        var before = Snapshot(model);
        _terms = _experiment.TrainPhases(x, prior, phase =>
        {
            var after = Snapshot(model);
            foreach (var (name, values) in after)
            {
                if (!Trains(phase, name)) continue;
                _deltas[$"{phase}.{name}"] = [.. values.Zip(before[name], (a, b) => (float)((double)a - b))];
            }
            before = after;
        });
    }

    [Test]
    public void ParameterNamesAreTheTorchModulesNames()
    {
        var names = _experiment.Model.NamedParameters().Select(p => p.Name).ToArray();
        Assert.That(names, Has.Length.EqualTo((int)_fixture.GetScalars("parameter_names_count")[0]));
        var stored = _fixture.Names.Where(n => n.StartsWith("delta.", StringComparison.Ordinal) || n.StartsWith("delta_sampled.", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf('.') + 1)..]).ToArray();
        Assert.That(stored, Is.EquivalentTo(_deltas.Keys), "every parameter each phase trains, and no other");
    }

    [TestCase("reconstruction", 0)]
    [TestCase("generator", 1)]
    [TestCase("discriminator", 2)]
    public void EachPhaseLossMatches(string phase, int term)
    {
        double[] pair = _fixture.GetScalars("loss." + phase);                     // float64 reference, PyTorch float32
        double noise = Math.Abs(pair[1] - pair[0]) / Math.Abs(pair[0]);
        Assert.That(_terms.Terms[term].Name, Is.EqualTo(phase));
        AssertTensor.Close(pair[0], _terms.Terms[term].Value.ToScalar(), $"{phase} loss", rtol: 2e-5 + Slack * noise);
    }

    [TestCase("reconstruction")]
    [TestCase("generator")]
    [TestCase("discriminator")]
    public void EachPhaseMovesItsParametersAsPyTorch(string phase)
    {
        using (Assert.EnterMultipleScope())
        {
            foreach (var (key, ours) in _deltas.Where(d => d.Key.StartsWith(phase + ".", StringComparison.Ordinal)))
            {
                double noise = _fixture.GetScalars("delta_noise." + key)[0];
                int flips = (int)_fixture.GetScalars("delta_flips." + key)[0];
                if (_fixture.Contains("delta." + key))
                {
                    Compare(_fixture.GetTensor("delta." + key).Values, ours, key, noise, flips);
                    continue;
                }
                double[] projections = _fixture.GetScalars("delta_projections." + key);   // stride, sum, sum of squares, probe dot
                int stride = (int)projections[0];
                Compare(_fixture.GetTensor("delta_sampled." + key).Values, [.. ours.Where((_, i) => i % stride == 0)], key, noise, flips);
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
    public void RunningStatisticsAfterTheStep() => new ModelParity(_fixture, Slack).RunningStatistics(_experiment.Model);

    [Test]
    public void TheStepLogsTheFractionOfCodesInsideThePrior()
    {
        var expected = _fixture.GetTensor("codes").Values;                          // phase 3's detached codes, (B, 2)
        double inside = _experiment.Prior.FractionInside(expected);
        Assert.That(_terms.Terms[3].Name, Is.EqualTo("inside-prior"));
        Assert.That(_terms.Terms[3].Value.ToScalar(), Is.EqualTo(inside).Within(1e-6));
    }

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

    [System.Text.RegularExpressions.GeneratedRegex(@"(encoder\.encoder\.\d+\.0|decoder\.decoder\.\d+\.0|discriminator\.layers\.[03])\.bias$")]
    private static partial System.Text.RegularExpressions.Regex BeforeBatchNorm();

    private static bool Trains(string phase, string name) => phase switch
    {
        "reconstruction" => name.StartsWith("encoder.", StringComparison.Ordinal) || name.StartsWith("decoder.", StringComparison.Ordinal),
        "generator" => name.StartsWith("encoder.", StringComparison.Ordinal),
        _ => name.StartsWith("discriminator.", StringComparison.Ordinal),
    };

    private static Dictionary<string, float[]> Snapshot(Engine.Nn.Module model) =>
        model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.ToArray());
}
