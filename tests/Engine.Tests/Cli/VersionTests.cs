// `engine --version`: the package version alone (what `dotnet tool list` shows), exit code 0.
namespace Engine.Tests.Cli;

using System.Reflection;
using Engine.Cli;

[NonParallelizable]
public class VersionTests
{
    [Test]
    public void VersionPrintsThePlainPackageVersion()
    {
        var (code, output, error) = CliTests.Run("--version");
        Assert.That(code, Is.Zero, error);
        string expected = typeof(EngineCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.That(output.Trim(), Is.EqualTo(expected));
        Assert.That(expected, Does.Match(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?$"), "no +commit suffix: the same string as the package version");
    }
}
