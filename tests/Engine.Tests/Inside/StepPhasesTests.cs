// The phases of every family's recorded step, under each recipe it has: every phase holds tape nodes and is named after
// the optimizers that stepped in it. Work without gradients between a backward and its optimizers' step (the notebook
// toy's validation MSE before its step) belongs to that phase; it once opened an empty phase of its own, which the
// engine's layered layout (the graph's layout without Graphviz) could not draw, so `train cae-toy --recipe notebook`
// failed while writing its report.
namespace Engine.Tests.Inside;

using Engine.Imaging;
using Engine.Models.Experiments;
using Engine.Models.Inside;
using Engine.Models.Training;

public class StepPhasesTests
{
    private static IEnumerable<TestCaseData> FamiliesAndRecipes() =>
        ExperimentRegistry.Families.SelectMany(f => (f.HasNotebookRecipe ? new[] { Recipes.Engine, Recipes.Notebook } : [Recipes.Engine])
            .Select(recipe => new TestCaseData(f.Name, recipe).SetName($"{f.Name} {recipe}")));

    [TestCaseSource(nameof(FamiliesAndRecipes))]
    public void EveryPhaseHasNodesAndTheNamesOfItsOptimizers(string family, string recipe)
    {
        var driver = new RunDriver { Log = _ => { } };
        var config = new RunConfig { Family = family, Recipe = recipe, Latent = 4, Limit = 8, TestLimit = 4 }.With(new AaeOptions { Labels = 1 });
        var (experiment, data) = driver.Prepare(config);
        if (experiment.Optimizers.Count == 0) Assert.Ignore($"{family} has no optimizer: its step is a fit, not phases of optimizer steps.");
        var recording = StepRecording.Record(experiment, data.Test, Math.Min(4, data.Test.Count), Tensor.DefaultBackend, warmUp: 1, timed: 1);
        var names = experiment.Optimizers.Select(o => o.Name.Length == 0 ? "step" : o.Name).ToHashSet();
        Assert.That(recording.Step.Phases, Is.Not.Empty);
        foreach (var phase in recording.Step.Phases)
        {
            Assert.That(phase.Nodes, Is.Not.Empty, $"phase '{phase.Name}' has no tape node");
            Assert.That(phase.Name.Split('+'), Is.SubsetOf(names), $"phase '{phase.Name}' is named after optimizers that stepped in it");
        }
    }

    [Test]
    public void TheLayeredLayoutOfAnEmptyDrawingIsAnEmptyPicture()
    {
        var layout = LayeredLayout.Compute(new GraphDrawing());
        Assert.That(layout.Centres, Is.Empty);
        Assert.That(layout.Width, Is.GreaterThan(0));
        Assert.That(layout.Height, Is.GreaterThan(0));
    }
}
