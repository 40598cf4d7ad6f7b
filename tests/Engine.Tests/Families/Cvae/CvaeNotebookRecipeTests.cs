// cvae under --recipe notebook: the notebook's lr 1e-2, 5 epochs and KL weight 0.005, and evaluation through a sampled z
// (a fixed draw per test batch) where the engine decodes z = mu.
namespace Engine.Tests.Families.Cvae;

using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public class CvaeNotebookRecipeTests
{
    [Test]
    public void TheNotebooksValues()
    {
        var notebook = CvaeExperiment.NotebookDefaults(new RunConfig { Family = "cvae" });
        Assert.That((notebook.LearningRate, notebook.Epochs, notebook.Vae.KlWeight), Is.EqualTo((1e-2f, 5, 0.005f)));
        var family = ExperimentRegistry.Find("cvae");
        Assert.That(family.HasNotebookRecipe, Is.True);
        Assert.That(family.Defaults(new RunConfig { Family = "cvae", Recipe = Recipes.Notebook }).LearningRate, Is.EqualTo(1e-2f));
    }

    [Test]
    public void NotebookEvaluationSamplesZ()
    {
        using var scope = TensorScope.Begin();
        float[] Evaluate(string recipe)
        {
            var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(
                new RunConfig { Family = "cvae", Recipe = recipe, Dataset = Datasets.Mnist, Latent = 2, Limit = 8, TestLimit = 8, Seed = 4 });
            var batch = TrainingBatch.From(new BatchLoader(data.Test, 8, seed: 0, shuffle: false).Epoch(0).First(), data.Test);
            using var evaluating = experiment.Model.Evaluating();
            using var noGrad = NoGrad.Scope();
            var first = experiment.Loss(batch, training: false).ReadValues();
            Assert.That(experiment.Loss(batch, training: false).ReadValues(), Is.EqualTo(first), "the same draw each evaluation");
            return first;
        }
        var sampled = Evaluate(Recipes.Notebook);
        var atMean = Evaluate(Recipes.Engine);
        Assert.That(sampled[1], Is.Not.EqualTo(atMean[1]));
        Assert.That(sampled[2], Is.EqualTo(atMean[2]).Within(1e-5f));
    }
}
