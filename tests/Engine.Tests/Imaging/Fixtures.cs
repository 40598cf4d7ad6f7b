// Finds the committed imaging fixtures (tests/Engine.Tests/Imaging/Fixtures) from the test's bin folder
// or, failing that, from this source file's location.
using System.Runtime.CompilerServices;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

internal static class Fixtures
{
    private static readonly Lazy<string> Folder = new(Locate);

    public static string PathOf(string name) => Path.Combine(Folder.Value, name);

    private static string Locate()
    {
        const string relative = "tests/Engine.Tests/Imaging/Fixtures";
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(Path.Combine(candidate, "fixtures.txt")))
            {
                return candidate;
            }
        }
        string beside = Path.Combine(Path.GetDirectoryName(ThisFile())!, "Fixtures");
        if (File.Exists(Path.Combine(beside, "fixtures.txt")))
        {
            return beside;
        }
        throw new DirectoryNotFoundException($"Imaging fixtures not found: looked for {relative} above {TestContext.CurrentContext.TestDirectory}.");
    }

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
