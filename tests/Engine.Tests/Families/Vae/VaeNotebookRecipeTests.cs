// vae and vae-kl-only under --recipe notebook: evaluation samples z (a fixed draw per test batch, so it repeats exactly)
// where the engine decodes z = mu; the KL-only objective is the notebook's 0.1 x KL, the engine's KL alone.
namespace Engine.Tests.Families.Vae;

using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public class VaeNotebookRecipeTests
{
    private static (VaeExperiment Experiment, TrainingBatch Batch) Prepare(string model, string recipe, float klWeight = 0.005f)
    {
        var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(
            new RunConfig { Family = model, Recipe = recipe, Dataset = Datasets.Mnist, Latent = 2, Limit = 8, TestLimit = 8, Seed = 5 }.With(new VaeOptions { KlWeight = klWeight }));
        var batch = TrainingBatch.From(new BatchLoader(data.Test, 8, seed: 0, shuffle: false).Epoch(0).First(), data.Test);
        return ((VaeExperiment)experiment, batch);
    }

    private static float[] Evaluate(Experiment experiment, TrainingBatch batch)
    {
        using var evaluating = experiment.Model.Evaluating();
        using var noGrad = NoGrad.Scope();
        return experiment.Loss(batch, training: false).ReadValues();
    }

    [Test]
    public void NotebookEvaluationSamplesZAndRepeatsExactly()
    {
        using var scope = TensorScope.Begin();
        var (notebook, batch) = Prepare("vae", Recipes.Notebook);
        var (engine, _) = Prepare("vae", Recipes.Engine);                            // the same seed: the same weights
        Assert.That(notebook.SamplesInEvaluation, Is.True);
        Assert.That(engine.SamplesInEvaluation, Is.False);
        var sampled = Evaluate(notebook, batch);
        Assert.That(Evaluate(notebook, batch), Is.EqualTo(sampled), "a fixed draw per test batch");
        var atMean = Evaluate(engine, batch);
        Assert.That(sampled[1], Is.Not.EqualTo(atMean[1]), "bce through a sampled z differs from bce at z = mu");
        Assert.That(sampled[2], Is.EqualTo(atMean[2]).Within(1e-5f), "KL reads mu and log-variance alone");
        Assert.That(notebook.Description, Does.Contain("notebook recipe, evaluated with z = a sample"));
    }

    [Test]
    public void KlOnlyTrainsOnTheWeightedKlUnderTheNotebook()
    {
        using var scope = TensorScope.Begin();
        var (notebook, batch) = Prepare("vae-kl-only", Recipes.Notebook, klWeight: 0.1f);
        var loss = notebook.Loss(batch, training: true);
        float kl = loss.Terms.Single(t => t.Name == "kl").Value.ToScalar();
        Assert.That(loss.Total.ToScalar(), Is.EqualTo(0.1f * kl).Within(1e-6f * Math.Max(1, kl)));
        var (engine, _) = Prepare("vae-kl-only", Recipes.Engine, klWeight: 0.1f);
        var engineLoss = engine.Loss(batch, training: true);
        Assert.That(engineLoss.Total.ToScalar(), Is.EqualTo(engineLoss.Terms.Single(t => t.Name == "kl").Value.ToScalar()), "the engine's: KL alone");
    }
}
