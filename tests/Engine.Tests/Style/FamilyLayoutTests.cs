// A family's folder holds its recipe and its figures apart (docs/adding-a-family.md): one class deriving from Experiment
// (or ReconstructionExperiment) in <Family>Experiment.cs (partial parts in <Family>Experiment.<Part>.cs), its figures in
// one <Family>Figures.cs, and no figure written from the experiment's file (WriteFigures hands over to the figures class).
namespace Engine.Tests.Style;

using System.Text.RegularExpressions;

public partial class FamilyLayoutTests
{
    private static IEnumerable<string> FamilyFolders() =>
        Directory.EnumerateDirectories(Path.Combine(Engine.Tests.Testing.RepositoryRoot.Find(), "src", "Models", "Families")).Order();

    [GeneratedRegex(@"class\s+\w+\s*:\s*(Reconstruction)?Experiment\b")]
    private static partial Regex DerivesFromExperiment();

    [GeneratedRegex(@"WriteFigures\([^)]*\)\s*=>\s*\w+Figures\.Write\(")]
    private static partial Regex HandsOverToFigures();

    [Test]
    public void EveryFamilyHasAnExperimentAndAFiguresClassAndKeepsThemApart()
    {
        Assert.Multiple(() =>
        {
            foreach (var folder in FamilyFolders())
            {
                string family = Path.GetFileName(folder);
                var files = Directory.GetFiles(folder, "*.cs");
                var experiments = files.Where(f => DerivesFromExperiment().IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToList();
                Assert.That(experiments, Has.Count.EqualTo(1), $"{family}: one file with the class deriving from Experiment");
                Assert.That(experiments.FirstOrDefault(), Does.EndWith("Experiment.cs"), $"{family}: the recipe's file is <Family>Experiment.cs");
                Assert.That(files.Count(f => f.EndsWith("Figures.cs", StringComparison.Ordinal)), Is.EqualTo(1),
                    $"{family}: its figures in one <Family>Figures.cs");
                foreach (var file in files.Where(f => Path.GetFileName(f).Contains("Experiment", StringComparison.Ordinal)))
                {
                    string text = File.ReadAllText(file);
                    if (!text.Contains("override void WriteFigures", StringComparison.Ordinal)) continue;
                    Assert.That(HandsOverToFigures().IsMatch(text), $"{Path.GetFileName(file)}: WriteFigures hands over to its Figures class");
                }
            }
        });
    }
}
