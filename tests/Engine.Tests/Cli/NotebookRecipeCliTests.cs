// `train --recipe notebook` end to end on a tiny slice: the run trains on the MNIST digits, says its recipe in the
// console, config.json, the report's title and configuration, and `eval` reads it back with the same notebook evaluation.
namespace Engine.Tests.Cli;

using Engine.Models.Training;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class NotebookRecipeCliTests
{
    [TestCase("dae"), TestCase("vae"), TestCase("sparse-l1")]
    public void ANotebookRunSaysItsRecipeEverywhere(string model)
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run("train", model, "--recipe", "notebook", "--epochs", "1", "--limit", "32", "--test-limit", "16",
            "--batch-size", "16", "--latent", "4", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("Data: mnist, 32 training and 16 test images").And.Contain(", notebook recipe ("));
        var config = RunConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), "config.json");
        Assert.That((config.Recipe, config.Dataset), Is.EqualTo((Recipes.Notebook, "mnist")));
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("notebook recipe").And.Contain("<th>recipe</th><td>notebook</td>"));
        if (model == "dae") Assert.That(html, Does.Contain("test BCE on the clean images (the same AE)"));
        var test = MetricsLog.Read(Path.Combine(run, "metrics.csv"), "test").Single().Values;
        var eval = CliTests.Run("eval", run);
        Assert.That(eval.Code, Is.Zero, eval.Error);
        Assert.That(eval.Out, Does.Contain(test[0].ToString("G4", System.Globalization.CultureInfo.InvariantCulture)[..5]),
            "eval repeats the training's test evaluation (the notebook's noise or sampled z, a fixed draw)");
    }
}
