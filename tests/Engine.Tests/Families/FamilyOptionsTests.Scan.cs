// No source file outside a family record's folders names one of its settings: the record's type, its accessor
// (config.Vae.), a setting's --key or "key" (keys with a dash; a bare word such as "class" is everywhere), or the flat
// config.Property it used to be. A record's folders are its own and those of the families its lines name (the folder
// that holds the family's registry row, new("name", ...)). What is allowed outside them, and why, is Allowed below.
namespace Engine.Tests.Families;

using System.Text.RegularExpressions;
using Engine.Models.Experiments;
using Engine.Tests.Testing;

public partial class FamilyOptionsTests
{
    /// <summary>
    /// The only lines outside a record's folders that may match, each a different thing of the same name: the registry's
    /// list of the tables (the one place that names every record), and the `eval --noise` option, which is that verb's own
    /// noise (a test set's corruption), not the setting of a run.
    /// </summary>
    private static readonly (string File, string Pattern)[] Allowed =
    [
        ("src/Models/Experiments/ExperimentRegistry.cs", @"\b\w+Options\.Table\b"),
        ("src/Cli/EngineCommand.cs", "--noise"),                                    // eval --noise
        ("src/Models/Training/Trainer.cs", "--noise"),                              // eval --noise refused for a model that does not reconstruct
        ("src/Models/Training/RandomStreams.cs", "--noise"),                        // the stream of eval --noise
        ("src/Models/Training/ReconstructionExperiment.cs", "--noise"),             // eval --noise scores any reconstruction
    ];

    [Test]
    public void NoFileOutsideAFamilysFoldersNamesItsSettings()
    {
        string root = RepositoryRoot.Find();
        var files = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal))
            .ToDictionary(f => f, f => File.ReadAllLines(Path.Combine(root, f)));
        string FolderOf(string pattern) =>
            files.Where(f => f.Key.StartsWith("src/Models/Families/", StringComparison.Ordinal) && f.Value.Any(l => l.Contains(pattern, StringComparison.Ordinal)))
                .Select(f => f.Key[..(f.Key.LastIndexOf('/') + 1)]).Single();
        var found = new List<string>();
        foreach (var table in ExperimentRegistry.OptionTables)
        {
            string record = table.Record.Name;
            var own = table.Lines.SelectMany(l => l.Families).Distinct().Select(f => FolderOf($"new(\"{f}\",")).Append(FolderOf($"record {record}")).ToHashSet();
            var names = table.Lines.SelectMany(l => l.Key.Contains('-') ? new[] { $"--{l.Key}", $"\"{l.Key}\"" } : [$"--{l.Key}"])
                .Select(k => Regex.Escape(k) + @"(?![\w-])")                                  // --kl-weight, not --kl-weights
                .Concat(table.Record.GetProperties().Select(p => $@"onfig\.{p.Name}\b"))      // config.KlWeight, RunConfig's old form
                .Append($@"\b{record}\b").Append($@"\.{record[..^"Options".Length]}\.")     // VaeOptions, config.Vae.
                .Select(n => new Regex(n)).ToList();
            found.AddRange(files.Where(f => !own.Any(f.Key.StartsWith))
                .SelectMany(f => f.Value.Select((line, i) => (File: f.Key, Number: i + 1, Line: WithoutAllowed(f.Key, line))))
                .Where(l => names.Any(n => n.IsMatch(l.Line)))
                .Select(l => $"{record}: {l.File}:{l.Number}: {l.Line.Trim()}"));
        }
        Assert.That(found, Is.Empty, "a family's setting belongs to its record and its families' folders");
    }

    private static string WithoutAllowed(string file, string line) =>
        Allowed.Where(a => file.StartsWith(a.File, StringComparison.Ordinal)).Aggregate(line, (l, a) => Regex.Replace(l, a.Pattern, ""));
}
