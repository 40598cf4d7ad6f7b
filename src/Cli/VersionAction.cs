// `engine --version`: prints the engine's own package version (Engine.Cli's informational version, e.g. 0.1.0).
// System.CommandLine's default prints the entry assembly's, which is a host's when the command runs in-process.
namespace Engine.Cli;

using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The version `dotnet pack` stamped on this assembly and its package (no +commit suffix).</summary>
    public static string Version =>
        typeof(VersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(VersionAction).Assembly.GetName().Version!.ToString(3);

    /// <summary>Makes <paramref name="root"/>'s --version option print <see cref="Version"/>.</summary>
    public static void Attach(RootCommand root) => root.Options.OfType<VersionOption>().Single().Action = new VersionAction();

    public override int Invoke(ParseResult parseResult)
    {
        Console.WriteLine(Version);
        return 0;
    }
}
