// The layout rules of docs/DESIGN.md as tests: dependencies point down only, every source file opens with a header
// comment, no source file grows past the complexity budget without a reason, and every op file reads forward first,
// then its backward.
namespace Engine.Tests.Style;

using System.Xml.Linq;

public class LayoutTests
{
    private const int LineBudget = 300;

    private static string Root() => Engine.Tests.Testing.RepositoryRoot.Find();

    private static IEnumerable<string> Sources(string root) =>
        Directory.EnumerateFiles(Path.Combine(root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [TestCase("Kernels")]
    [TestCase("Tensor", "Kernels")]
    [TestCase("Nn", "Tensor")]
    [TestCase("Imaging")]
    [TestCase("Models", "Nn", "Imaging")]
    [TestCase("Cli", "Models")]
    public void ProjectsReferenceOnlyTheLayersBelow(string project, params string[] allowed)
    {
        var csproj = XDocument.Load(Path.Combine(Root(), "src", project, $"Engine.{project}.csproj"));
        var references = csproj.Descendants("ProjectReference")
            .Select(r => Path.GetFileName(Path.GetDirectoryName(r.Attribute("Include")!.Value.Replace('\\', '/')))!)
            .ToArray();
        Assert.That(references, Is.EquivalentTo(allowed));
    }

    [Test]
    public void EverySourceFileOpensWithAHeaderComment()
    {
        var missing = Sources(Root()).Where(f => !File.ReadLines(f).First().TrimStart().StartsWith("//", StringComparison.Ordinal));
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void NoSourceFileIsOverTheLineBudget()
    {
        var root = Root();
        var long_ = Sources(root).Select(f => (File: Path.GetRelativePath(root, f), Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > LineBudget).Select(f => $"{f.File}: {f.Lines} lines");
        Assert.That(long_, Is.Empty, $"split files over {LineBudget} lines into one concept each");
    }

    [Test]
    public void EveryOpFilePutsTheForwardBeforeItsBackward()
    {
        var backwardFirst = Directory.EnumerateFiles(Path.Combine(Root(), "src", "Tensor", "Ops"), "*.cs")
            .Select(f => (File: Path.GetFileName(f), Lines: File.ReadAllLines(f)))
            .Select(f => (f.File, Forward: Array.FindIndex(f.Lines, l => l.Contains("public static Tensor ", StringComparison.Ordinal)),
                          Backward: Array.FindIndex(f.Lines, l => l.Contains("override Tensor?[] Backward(", StringComparison.Ordinal))))
            .Where(f => f.Backward >= 0 && (f.Forward < 0 || f.Backward < f.Forward))
            .Select(f => f.File);
        Assert.That(backwardFirst, Is.Empty, "an op file reads like the math: the forward (Apply), then its backward");
    }
}
