// The tests mirror src/ (docs/DESIGN.md, "Tests"): every family folder in src/Models/Families/ has a test folder of the
// same name in tests/Engine.Tests/Families/ and every test folder there has its family, and each file in a family's test
// folder declares that folder's namespace, so a filter by namespace selects exactly one family's tests.
namespace Engine.Tests.Style;

using System.Text.RegularExpressions;

public partial class TestLayoutTests
{
    private static string Root() => Engine.Tests.Testing.RepositoryRoot.Find();

    private static string SourceFamilies() => Path.Combine(Root(), "src", "Models", "Families");

    private static string TestFamilies() => Path.Combine(Root(), "tests", "Engine.Tests", "Families");

    /// <summary>The names of the folders directly in <paramref name="folder"/> that hold C# files (an empty folder is no one's).</summary>
    private static SortedSet<string> FoldersWithCode(string folder) =>
        new(Directory.EnumerateDirectories(folder)
            .Where(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories).Any())
            .Select(d => Path.GetFileName(d)!), StringComparer.Ordinal);

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    private static partial Regex NamespaceDeclaration();

    [Test]
    public void EveryFamilyHasATestFolderAndEveryTestFolderAFamily()
    {
        var families = FoldersWithCode(SourceFamilies());
        var tested = FoldersWithCode(TestFamilies());
        Assert.That(families, Is.Not.Empty, "src/Models/Families/ holds the families");
        Assert.Multiple(() =>
        {
            Assert.That(tested.Except(families), Is.Empty,
                "test folders in tests/Engine.Tests/Families/ for no family in src/Models/Families/: rename the folder after its family");
            Assert.That(families.Except(tested), Is.Empty,
                "families in src/Models/Families/ with no test folder: their tests go in tests/Engine.Tests/Families/<Family>/");
        });
    }

    [Test]
    public void EveryFileInAFamilysTestFolderDeclaresThatFoldersNamespace()
    {
        string tests = Path.Combine(Root(), "tests", "Engine.Tests");
        var wrong = new List<string>();
        foreach (var family in Directory.EnumerateDirectories(TestFamilies()))
        {
            foreach (var file in Directory.EnumerateFiles(family, "*.cs", SearchOption.AllDirectories))
            {
                // Families/Cvae/CvaeTests.cs -> Engine.Tests.Families.Cvae (a subfolder adds its name, as the compiler's default would).
                string folder = Path.GetRelativePath(tests, Path.GetDirectoryName(file)!);
                string expected = "Engine.Tests." + folder.Replace(Path.DirectorySeparatorChar, '.');
                var declared = NamespaceDeclaration().Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
                if (declared.Count == 0 || declared.Any(n => n != expected))
                {
                    string found = declared.Count == 0 ? "no namespace" : string.Join(", ", declared);
                    wrong.Add($"{Path.GetRelativePath(tests, file)}: {found}, expected {expected}");
                }
            }
        }
        Assert.That(wrong, Is.Empty, "a family's tests live in its folder's namespace (CI filters select tests by namespace)");
    }
}
