// The named random streams are one table (src/Models/Training/RandomStreams.cs): no source file outside it writes a
// stream key as a number, and no two streams share a key.
namespace Engine.Tests.Style;

using System.Reflection;
using System.Text.RegularExpressions;
using Engine.Models.Training;

public partial class RandomStreamTests
{
    private const string Table = "src/Models/Training/RandomStreams.cs";

    /// <summary>A 24-bit or wider hexadecimal ulong literal ("0x457073UL"): the shape of every stream key.</summary>
    [GeneratedRegex(@"0x[0-9A-Fa-f]{6,16}UL\b")]
    private static partial Regex KeyLiteral();

    private static string Root() => Engine.Tests.Testing.RepositoryRoot.Find();

    [Test]
    public void NoStreamKeyIsWrittenOutsideTheTable()
    {
        string root = Root();
        var scanned = new[] { "src/Models", "src/Cli" }
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToList();
        Assert.That(scanned, Does.Contain(Table));
        var outside = scanned.Where(f => f != Table)
            .SelectMany(f => File.ReadAllLines(Path.Combine(root, f)).Select((line, i) => (f, i, line)))
            .Where(l => KeyLiteral().IsMatch(l.line))
            .Select(l => $"{l.f}:{l.i + 1}: {l.line.Trim()}");
        Assert.That(outside, Is.Empty, $"name the stream in {Table} and use RandomStreams.<Name>");
        Assert.That(File.ReadAllLines(Path.Combine(root, Table)).Count(l => KeyLiteral().IsMatch(l)), Is.EqualTo(Keys().Count));
    }

    [Test]
    public void EveryStreamHasItsOwnKey()
    {
        var keys = Keys();
        Assert.That(keys, Has.Count.GreaterThan(10));
        var shared = keys.GroupBy(k => k.Value).Where(g => g.Count() > 1).Select(g => string.Join(" = ", g.Select(k => k.Name)));
        Assert.That(shared, Is.Empty);
    }

    [Test]
    public void AKeyIsItsNameInAscii()
    {
        Assert.That(RandomStreams.Eps, Is.EqualTo(Ascii("Eps")));
        Assert.That(RandomStreams.Prior, Is.EqualTo(Ascii("Prior")));
        Assert.That(RandomStreams.PriorFigure, Is.EqualTo(Ascii("Prio")));
        Assert.That(RandomStreams.EvaluationNoise, Is.EqualTo(Ascii("EvalNois")));
    }

    private static List<(string Name, ulong Value)> Keys() =>
        typeof(RandomStreams).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(ulong))
            .Select(f => (f.Name, (ulong)f.GetRawConstantValue()!)).ToList();

    private static ulong Ascii(string name) => name.Aggregate(0UL, (key, c) => (key << 8) | c);
}
