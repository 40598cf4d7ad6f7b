// Every pointer in the repository resolves inside it: relative links in Markdown (files, folders, #headings), the
// repository paths the guides name, and the paths, notes and test classes that source comments cite.
namespace Engine.Tests.Style;

using Engine.Tests.Checkpoints;

public class LinkTests
{
    /// <summary>This file: its examples of broken pointers are broken on purpose.</summary>
    private const string ThisFile = "tests/Engine.Tests/Style/LinkTests.cs";

    /// <summary>Design and research notes describe plans and other repositories' files: links checked, paths not.</summary>
    private const string NotesFolder = "docs/";

    private static string Root() => Engine.Tests.Testing.RepositoryRoot.Find();

    private static List<string> Markdown(string root) =>
        RepositoryLinks.Files(root).Where(f => f.EndsWith(".md", StringComparison.OrdinalIgnoreCase)).ToList();

    [Test]
    public void MarkdownLinksResolveInsideTheRepository()
    {
        string root = Root();
        var counter = new RepositoryLinks.Counter();
        var broken = Markdown(root).SelectMany(f => RepositoryLinks.BrokenLinks(root, f, counter)).ToList();
        Assert.That(broken, Is.Empty, "fix or remove these links");
        Assert.That(counter.Checked, Is.GreaterThan(5), "the scan found almost no links: is the link pattern broken?");
    }

    [Test]
    public void PathsNamedInTheGuidesExist()
    {
        string root = Root();
        var counter = new RepositoryLinks.Counter();
        var missing = Markdown(root).Where(f => !f.StartsWith(NotesFolder, StringComparison.Ordinal))
            .SelectMany(f => File.ReadAllLines(Path.Combine(root, f))
                .SelectMany((line, i) => RepositoryLinks.MissingPaths(root, line, counter).Select(p => $"{f}:{i + 1}: {p}")))
            .ToList();
        Assert.That(missing, Is.Empty, "these Markdown files name repository paths that do not exist");
        Assert.That(counter.Checked, Is.GreaterThan(10), "the scan found almost no paths: is the path pattern broken?");
    }

    [Test]
    public void SourceCommentsCiteOnlyExistingPathsAndTestClasses()
    {
        string root = Root();
        var testClasses = RepositoryLinks.Files(root)
            .Where(f => f.StartsWith("tests/", StringComparison.Ordinal) && f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, f)), @"\b(?:class|record)\s+(\w+)"))
            .Select(m => m.Groups[1].Value).ToHashSet();
        var counter = new RepositoryLinks.Counter();
        var problems = new List<string>();
        foreach (string file in RepositoryLinks.Files(root).Where(f => f != ThisFile))
        {
            var comments = RepositoryLinks.Comments(file, File.ReadAllLines(Path.Combine(root, file)));
            if (comments is null) continue;
            foreach (var (number, comment) in comments)
            {
                problems.AddRange(RepositoryLinks.MissingPaths(root, comment, counter).Select(p => $"{file}:{number}: {p}"));
                problems.AddRange(RepositoryLinks.MissingTestClasses(comment, testClasses).Select(c => $"{file}:{number}: class {c}"));
            }
        }
        Assert.That(problems, Is.Empty, "these comments cite files or test classes that do not exist");
        Assert.That(counter.Checked, Is.GreaterThan(10), "the scan found almost no paths: is the path pattern broken?");
    }

    [Test]
    public void NoTextCitesAPathOutsideTheRepository()
    {
        // A clone holds the repository alone: ../shared/notes/x.md in a comment or a guide names nothing there.
        string root = Root();
        var problems = new List<string>();
        int scanned = 0;
        foreach (string file in RepositoryLinks.Files(root).Where(f => f != ThisFile))
        {
            var lines = File.ReadAllLines(Path.Combine(root, file));
            var texts = file.EndsWith(".md", StringComparison.OrdinalIgnoreCase)
                ? lines.Select((line, i) => (Number: i + 1, Text: line))
                : RepositoryLinks.Comments(file, lines)?.Select(c => (c.Number, Text: c.Comment));
            if (texts is null) continue;
            scanned++;
            foreach (var (number, text) in texts)
            {
                problems.AddRange(RepositoryLinks.PathsLeavingTheRepository(root, file, text).Select(p => $"{file}:{number}: {p}"));
            }
        }
        Assert.That(problems, Is.Empty, "cite the file inside the repository (docs/notes/...), or move it in");
        Assert.That(scanned, Is.GreaterThan(100), "the scan found almost no text files: is Files broken?");
    }

    [Test]
    public void TheChecksReportWhatIsBroken()
    {
        using var temp = new TempFolder();
        string root = temp.File("repo");
        Directory.CreateDirectory(Path.Combine(root, "docs", "notes"));
        Directory.CreateDirectory(Path.Combine(root, "src", "Ops"));
        File.WriteAllText(Path.Combine(root, "docs", "notes", "a.md"), "# A note\n## Step 2: the `loss`\n## Step 2: the `loss`\n");
        File.WriteAllText(Path.Combine(root, "src", "Ops", "Mul.cs"), "// mul\n");
        File.WriteAllText(Path.Combine(root, "README.md"), string.Join('\n',
            "[ok](docs/notes/a.md#step-2-the-loss) [ok](docs/notes/a.md#step-2-the-loss-1) [folder](src/Ops/) [web](https://x.org/y)",
            "[gone](docs/missing.md) [outside](../shared/DESIGN.md) [bad anchor](docs/notes/a.md#step-3)",
            "`[in code](nowhere.md)`", "```", "[in a fence](nowhere.md)", "```", "[ref]: docs/gone.md"));
        var counter = new RepositoryLinks.Counter();
        var broken = RepositoryLinks.BrokenLinks(root, "README.md", counter).ToList();
        Assert.That(broken, Has.Count.EqualTo(4), string.Join("\n", broken));
        Assert.That(broken[0], Does.StartWith("README.md:2: (docs/missing.md)"));
        Assert.That(broken[1], Does.Contain("outside the repository"));
        Assert.That(broken[2], Does.Contain("#step-3"));
        Assert.That(broken[3], Does.StartWith("README.md:7: (docs/gone.md)"));
        Assert.That(counter.Checked, Is.EqualTo(7));

        string comment = "// see src/Ops/Mul.cs, src/Ops/<Name>.cs, src/Ops/*.cs, notes/a.md; not src/Ops/Div.cs, src/Gone/<Name>.cs, "
                         + "src/Ops/*.py, notes/b.md, src/Ops/bin/x.dll or https://h/src/x";
        Assert.That(RepositoryLinks.MissingPaths(root, comment, counter),
            Is.EqualTo(new[] { "src/Ops/Div.cs", "src/Gone/<Name>.cs", "src/Ops/*.py", "docs/notes/b.md" }));
        Assert.That(RepositoryLinks.MissingTestClasses("// LayoutTests and PtxSignatureTests check it", new HashSet<string> { "LayoutTests" }),
            Is.EqualTo(new[] { "PtxSignatureTests" }));
        Assert.That(RepositoryLinks.PathsLeavingTheRepository(root, "docs/notes/a.md", "see ../../README.md, ../../../shared/notes/x.md"),
            Is.EqualTo(new[] { "../../../shared/notes/x.md" }));
        Assert.That(RepositoryLinks.PathsLeavingTheRepository(root, "README.md", "// (../shared/notes/ilgpu.md §1), ./src, a../b"),
            Is.EqualTo(new[] { "../shared/notes/ilgpu.md" }));
        Assert.That(RepositoryLinks.Comments("a.csproj", ["<a/> <!-- one", "tools/x.sh -->", "<b/>"])!.Select(c => c.Number),
            Is.EqualTo(new[] { 1, 2 }));
    }
}
