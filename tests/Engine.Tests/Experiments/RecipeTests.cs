// The two recipes (issue 29): `train --recipe notebook` fills in each family's notebook values and keeps every option
// given; a family the notebook has no code for is refused in one line; the registry's labels agree with the README's
// recipe table, and nothing engine-only is called the course's or the notebook's.
namespace Engine.Tests.Experiments;

using Engine.Cli;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public class RecipeTests
{
    private static RunConfig Config(params string[] args) => TrainCommand.ConfigFor(["train", .. args]) ?? throw new AssertionException("refused");

    [Test]
    public void NotebookFillsInTheFamilysNotebookValues()
    {
        var cvae = Config("cvae", "--recipe", "notebook");
        Assert.That((cvae.LearningRate, cvae.Epochs, cvae.Vae.KlWeight, cvae.Dataset), Is.EqualTo((1e-2f, 5, 0.005f, Datasets.Mnist)));
        var klOnly = Config("vae-kl-only", "--recipe", "notebook");
        Assert.That((klOnly.Epochs, klOnly.Vae.KlWeight, klOnly.Latent), Is.EqualTo((2, 0.1f, 2)));
        Assert.That(Config("sparse-l1", "--recipe", "notebook").Sparse.Beta, Is.EqualTo(0.01f));
        var ae = Config("ae", "--recipe", "notebook");
        var engineAe = Config("ae");
        Assert.That(ae with { Recipe = Recipes.Engine, Dataset = Datasets.Default }, Is.EqualTo(engineAe), "ae: only the data differs");
    }

    [Test]
    public void TheEngineRecipeKeepsItsDefaults()
    {
        var cvae = Config("cvae");
        Assert.That((cvae.Recipe, cvae.LearningRate, cvae.Epochs, cvae.Vae.KlWeight, cvae.Dataset), Is.EqualTo((Recipes.Engine, 1e-3f, 10, 0.02f, Datasets.Default)));
        Assert.That(Config("sparse-l1").Sparse.Beta, Is.EqualTo(1e-3f));
        Assert.That(Config("aae", "--prior", "grid").BatchSize, Is.EqualTo(128), "the defaults read the options given (--prior)");
        Assert.That(Config("aae").BatchSize, Is.EqualTo(512));
    }

    [Test]
    public void OptionsGivenOnTheCommandLineWin()
    {
        var cvae = Config("cvae", "--recipe", "notebook", "--lr", "0.003", "--epochs", "7", "--dataset", "fashion", "--kl-weight", "0.5");
        Assert.That((cvae.LearningRate, cvae.Epochs, cvae.Dataset, cvae.Vae.KlWeight), Is.EqualTo((0.003f, 7, Datasets.Fashion, 0.5f)));
        Assert.That(Config("sparse-l1", "--recipe", "notebook", "--beta", "0.2").Sparse.Beta, Is.EqualTo(0.2f));
        Assert.That(Config("vae-kl-only", "--recipe", "notebook", "--epochs", "3").Epochs, Is.EqualTo(3));
        Assert.That(Config("ae", "--recipe", "notebook", "--weight-decay", "1e-5").WeightDecay, Is.EqualTo(1e-5f));
    }

    [TestCase("sparse-kl"), TestCase("superres"), TestCase("classifier"), TestCase("aae-semi"), TestCase("aae-disentangled")]
    public void ANotebookRecipeTheNotebookHasNoCodeForIsRefusedInOneLine(string model)
    {
        var (code, output, error) = Engine.Tests.Cli.CliTests.Run("train", model, "--recipe", "notebook");
        Assert.That(code, Is.EqualTo(2), output + error);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Does.StartWith($"error: --recipe must be engine for {model} (the course notebook has no code for it"));
        Assert.That(lines, Has.Length.EqualTo(2), error);
        Assert.That(output, Does.Not.Contain("Training "));
    }

    [Test]
    public void TheRegistryAgreesWithTheReadmesRecipeTable()
    {
        var rows = RecipeTable();
        foreach (var family in ExperimentRegistry.Families)
        {
            var row = rows.FirstOrDefault(r => r[0].Contains($"`{family.Name}`", StringComparison.Ordinal));
            Assert.That(row, Is.Not.Null, $"README's recipe table has no row for `{family.Name}`");
            bool none = row![1].TrimStart().StartsWith("none", StringComparison.OrdinalIgnoreCase);
            Assert.That(none, Is.EqualTo(!family.HasNotebookRecipe),
                $"{family.Name}: the table's notebook column must start with \"none\" exactly when the family has no notebook recipe");
            Assert.That(ExperimentRegistry.Help(), Does.Contain($"{family.Name}: {family.Summary} [{ExperimentRegistry.RecipeNames(family)}]"));
            if (family.HasNotebookRecipe) continue;
            Assert.That(family.Summary, Does.Not.Contain("course's").And.Not.Contain("notebook's"),
                $"{family.Name} is the engine's design; its summary must not call it the course's or the notebook's");
        }
    }

    /// <summary>The rows of the README's table under "## Two recipes", each split into its cells.</summary>
    private static List<string[]> RecipeTable()
    {
        string readme = File.ReadAllText(Path.Combine(Root(), "README.md"));
        int start = readme.IndexOf("\n## Two recipes", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "README.md has a section \"## Two recipes\"");
        int end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..(end < 0 ? readme.Length : end)].Split('\n')
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Trim().Trim('|').Split(" | "))
            .ToList();
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        }
        Assert.Ignore("the repository (Engine.sln) is not above the test folder");
        return "";
    }
}
