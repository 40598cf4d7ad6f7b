// sparse-l1 under --recipe notebook: the penalty is the notebook's F.l1_loss(z, 0), the mean of |z| over every value of
// the batch's codes, weighted 0.01; the engine recipe keeps its mapped, unit-summed L1 at 0.001.
namespace Engine.Tests.Families.Sparse;

using Engine.Memory;
using Engine.Models;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public class SparseNotebookRecipeTests
{
    [Test]
    public void MeanAbsIsTheMeanOfAbsZOverEveryValue()
    {
        var model = new SparseAutoencoder(4, ImageShape.FashionMnist, SparsityPenalty.MeanAbs);
        using var noGrad = NoGrad.Scope();
        var z = Tensor.FromArray([0.5f, -2f, 0f, 3f, 0.25f, 0f, -0.75f, 1f], 2, 4);   // sum |z| = 7.5 over 8 values
        Assert.That(model.Sparsity(z, 0.05f).ToScalar(), Is.EqualTo(7.5f / 8).Within(1e-6f));
    }

    [Test]
    public void TheNotebookLossIsBcePlusOneHundredthOfMeanAbsZ()
    {
        var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(
            new RunConfig { Family = "sparse-l1", Recipe = Recipes.Notebook, Dataset = Datasets.Mnist, Latent = 6, Limit = 8, TestLimit = 4 }.With(new SparseOptions { Beta = SparseExperiment.NotebookBeta }));
        var sparse = (SparseExperiment)experiment;
        using var scope = TensorScope.Begin();
        using var noGrad = NoGrad.Scope();
        var x = Tensor.FromArray(data.Train.Images, data.Train.Count, 1, 28, 28);
        var terms = sparse.Loss(x, x, training: false).Terms.ToDictionary(t => t.Name, t => t.Value.ToScalar());
        var z = sparse.Encode(x).ToArray();                                            // (8, 6), the same batch statistics
        float meanAbs = z.Select(MathF.Abs).Average();
        Assert.That(terms["sparsity"], Is.EqualTo(meanAbs).Within(1e-5f));
        Assert.That(terms["total"], Is.EqualTo(terms["bce"] + 0.01f * meanAbs).Within(1e-5f));
        Assert.That(sparse.Description, Does.Contain("notebook recipe").And.Contain("F.l1_loss"));
    }

    [Test]
    public void TheEngineRecipeKeepsItsMappedL1()
    {
        var config = new RunConfig { Family = "sparse-l1", Latent = 3 };
        var model = (SparseAutoencoder)new SparseExperiment(config, ImageShape.FashionMnist, SparsityPenalty.L1).Model;
        Assert.That(model.Penalty, Is.EqualTo(SparsityPenalty.L1));
        var notebook = (SparseAutoencoder)new SparseExperiment(config with { Recipe = Recipes.Notebook }, ImageShape.FashionMnist, SparsityPenalty.L1).Model;
        Assert.That(notebook.Penalty, Is.EqualTo(SparsityPenalty.MeanAbs));
    }
}
