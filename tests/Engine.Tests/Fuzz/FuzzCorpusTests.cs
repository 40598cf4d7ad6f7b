// Replays the committed fuzzing corpus (Fixtures/fuzz/TARGET: AFL++'s queue of inputs that reached new code, plus any
// crash or hang it found) through the same targets as tools/fuzz.sh: each input must parse or throw the parser's own
// format exception, allocate at most 64 MiB and finish well within AFL's 1 s hang limit.
namespace Engine.Tests.Fuzz;

using System.Diagnostics;
using Engine.Fuzz;

public class FuzzCorpusTests
{
    private static string Corpus(string target) =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", "fuzz", target);

    public static IEnumerable<string> Targets => FuzzTargets.Names;

    [TestCaseSource(nameof(Targets))]
    public void CorpusReplaysWithoutAFinding(string target)
    {
        var files = Directory.GetFiles(Corpus(target));
        Assert.That(files, Has.Length.GreaterThanOrEqualTo(5), $"the committed corpus of {target}");
        foreach (string file in files)
        {
            var clock = Stopwatch.StartNew();
            Assert.DoesNotThrow(() => FuzzTargets.Run(target, File.ReadAllBytes(file)), Path.GetFileName(file));
            Assert.That(clock.ElapsedMilliseconds, Is.LessThan(1000), $"{Path.GetFileName(file)} takes over AFL's hang limit");
        }
    }
}
