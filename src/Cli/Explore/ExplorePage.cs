// The explorer's page: plain HTML and JavaScript (no CDN, no npm) embedded in the assembly from explore.html beside this file.
namespace Engine.Cli.Explore;

public static class ExplorePage
{
    /// <summary>The whole page, read once from the embedded resource.</summary>
    public static string Html { get; } = Read();

    private static string Read()
    {
        using var stream = typeof(ExplorePage).Assembly.GetManifestResourceStream("Engine.Cli.Explore.explore.html")
            ?? throw new InvalidOperationException("The explorer's page (explore.html) is missing from the engine's assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
