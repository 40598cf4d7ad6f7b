// The AAE's --recipe notebook on the grid prior replayed along a recorded PyTorch run (bench/notebook_aae_torch.py
// --trajectory): from PyTorch's initial weights, on its batches in its order, against its prior samples, the engine's
// NotebookPhases runs every recorded step and the trainer's evaluation scores the test digits after each epoch. Where the
// two sides part, the step differs; where they stay as close as PyTorch's float32 run stays to the same steps in float64,
// a difference between full runs is in the draws (weights, shuffles, prior samples), not in the recipe. Writing the
// recording takes minutes, so the replay is explicit (about 1.5 s a step on one core):
//   /usr/bin/python3 bench/notebook_aae_torch.py --prior grid --limit 4000 --test-limit 500 --epochs 2 --seed 1 --trajectory /tmp/traj
//   /usr/bin/python3 bench/notebook_aae_torch.py ... the same ... --trajectory /tmp/traj --double
//   AAE_TRAJECTORY=/tmp/traj dotnet test tests/Engine.Tests -c Release --filter Name~ReplaysPyTorchsGridTrajectory
//       --logger "console;verbosity=detailed"     (prints every step: engine, PyTorch float32, PyTorch float64)
namespace Engine.Tests.Families.Aae;

using Engine.Memory;
using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;
using Engine.Tests.Testing;
using NUnit.Framework;

public sealed class AaeNotebookTrajectory
{
    private const int Pixels = 28 * 28, Terms = 4;

    [Test]
    [Explicit("replays a recording of bench/notebook_aae_torch.py --trajectory (minutes to write, minutes to replay)")]
    public void ReplaysPyTorchsGridTrajectory()
    {
        string dir = Environment.GetEnvironmentVariable("AAE_TRAJECTORY") ?? Path.Combine(Path.GetTempPath(), "traj");
        var config = new RunConfig { Family = "aae", Recipe = Recipes.Notebook, Latent = 2, LearningRate = 1e-3f }
            .With(new AaeOptions { Prior = "grid" });
        var experiment = new AaeExperiment(config, new ImageShape(1, 28, 28));
        Checkpoint.Load(experiment.Model, Path.Combine(dir, "init.safetensors"));   // PyTorch's state dict: names as ours
        var steps = SafetensorsFile.Read(Path.Combine(dir, "steps.safetensors"));
        var steps64 = SafetensorsFile.Read(Path.Combine(dir, "steps64.safetensors"));
        float[] indices = steps["indices"].ToFloats(), counts = steps["counts"].ToFloats(), prior = steps["prior"].ToFloats();
        float[] torch32 = steps["terms"].ToFloats(), torch64 = steps64["terms"].ToFloats();
        float[] test32 = steps["test"].ToFloats(), test64 = steps64["test"].ToFloats();

        string root = RepositoryRoot.Find();
        var train = IdxReader.ReadImages(Path.Combine(root, "data", "mnist", "train-images-idx3-ubyte.gz")).Pixels;
        int testCount = 500;
        var test = new Dataset(IdxReader.ReadImages(Path.Combine(root, "data", "mnist", "t10k-images-idx3-ubyte.gz")).Pixels[..(testCount * Pixels)],
            new int[testCount], 28, 28, [.. Enumerable.Range(0, 10).Select(d => $"{d}")]);
        int samples = AaeExperiment.NotebookGridSamples, perEpoch = counts.Length / (test32.Length / 2);

        // PyTorch's own float32 rounding growth: its largest relative departure from the float64 run so far, per term.
        var growth = new double[3];
        int at = 0;
        using (Assert.EnterMultipleScope())
        {
            for (int s = 0; s < counts.Length; s++)
            {
                experiment.Model.Train();
                int batch = (int)counts[s];
                var x = new float[batch * Pixels];
                for (int i = 0; i < batch; i++) Array.Copy(train, (int)indices[at + i] * Pixels, x, i * Pixels, Pixels);
                at += batch;
                double[] ours;
                using (TensorScope.Begin())
                {
                    var z = Tensor.FromArray(prior.AsSpan(s * samples * 2, samples * 2).ToArray(), samples, 2);
                    ours = [.. experiment.NotebookPhases(Tensor.FromArray(x, batch, 1, 28, 28), z).Terms.Select(t => (double)t.Value.ToScalar())];
                }
                var line = new List<string>();
                for (int k = 0; k < 3; k++)
                {
                    double reference = torch64[s * Terms + k];
                    growth[k] = Math.Max(growth[k], Math.Abs(torch32[s * Terms + k] - reference) / reference);
                    double off = Math.Abs(ours[k] - reference) / reference;
                    line.Add($"{ours[k]:F6} / {torch32[s * Terms + k]:F6} / {reference:F6}");
                    Assert.That(off, Is.LessThanOrEqualTo(3 * growth[k] + 1e-4),
                        $"step {s + 1}, {experiment.Terms[k]}: the engine {ours[k]:G7}, PyTorch float64 {reference:G7} (float32 {torch32[s * Terms + k]:G7})");
                }
                TestContext.Out.WriteLine($"step {s + 1,3}  engine / PyTorch float32 / float64: {string.Join("   ", line)}   " +
                    $"inside {ours[3]:F3} / {torch32[s * Terms + 3]:F3} / {torch64[s * Terms + 3]:F3}");
                if ((s + 1) % perEpoch != 0) continue;

                int epoch = (s + 1) / perEpoch - 1;
                var means = Trainer.Evaluate(experiment, test, 256);                   // the run's evaluation: training mode, batches of 256
                TestContext.Out.WriteLine($"epoch {epoch + 1} test  engine / PyTorch float32 / float64: BCE {means[0]:F6} / " +
                    $"{test32[2 * epoch + 1]:F6} / {test64[2 * epoch + 1]:F6}   inside {means[3]:F3} / {test32[2 * epoch]:F3} / {test64[2 * epoch]:F3}");
                Assert.That(Math.Abs(means[0] - test64[2 * epoch + 1]) / test64[2 * epoch + 1], Is.LessThanOrEqualTo(3 * growth[0] + 1e-4),
                    $"the test BCE after epoch {epoch + 1}");
            }
        }
    }
}
