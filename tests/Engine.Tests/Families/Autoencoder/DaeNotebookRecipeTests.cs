// dae under --recipe notebook is the notebook's denoising experiment: the plain AE trains on clean images, and the test
// images get Gaussian noise that is not clamped; the engine's dae trains on noisy inputs clamped to [0, 1].
namespace Engine.Tests.Families.Autoencoder;

using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public class DaeNotebookRecipeTests
{
    private static (AutoencoderExperiment Experiment, TrainingBatch Batch) Prepare(string recipe)
    {
        var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(
            new RunConfig { Family = "dae", Recipe = recipe, Dataset = Datasets.Mnist, Latent = 4, Limit = 8, TestLimit = 8 }.With(new AutoencoderOptions { Noise = 0.3f }));
        var batch = TrainingBatch.From(new BatchLoader(data.Test, 8, seed: 0, shuffle: false).Epoch(0).First(), data.Test);
        return ((AutoencoderExperiment)experiment, batch);
    }

    [Test]
    public void NotebookTrainsOnCleanImagesAndScoresOnUnclampedNoise()
    {
        using var scope = TensorScope.Begin();
        var (dae, batch) = Prepare(Recipes.Notebook);
        Assert.That(dae.Input(batch.Items, batch.Source, training: true), Is.SameAs(batch.Items), "no noise in training");
        var clean = batch.Items.ToArray();
        var noisy = dae.Input(batch.Items, batch.Source, training: false).ToArray();
        Assert.That(noisy.Any(v => v < 0) && noisy.Any(v => v > 1), Is.True, "not clamped");
        var residual = noisy.Zip(clean, (n, c) => (double)(n - c)).ToArray();
        double sigma = Math.Sqrt(residual.Select(r => r * r).Average());
        Assert.That(sigma, Is.EqualTo(0.3).Within(0.02), "x + 0.3 N(0, 1)");
        Assert.That(dae.Description, Does.Contain("notebook recipe").And.Contain("not clamped"));
    }

    [Test]
    public void TheEngineTrainsOnClampedNoise()
    {
        using var scope = TensorScope.Begin();
        var (dae, batch) = Prepare(Recipes.Engine);
        var noisy = dae.Input(batch.Items, batch.Source, training: true).ToArray();
        Assert.That(noisy, Is.Not.EqualTo(batch.Items.ToArray()));
        Assert.That(noisy.All(v => v is >= 0 and <= 1), Is.True, "clamped to [0, 1]");
    }
}
