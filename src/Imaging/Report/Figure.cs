// One figure of a run report: an image file relative to the run folder (PNG, GIF or SVG), its caption and its group
// (where it goes in the report: FigureGroup).
namespace Engine.Imaging;

/// <summary>One figure of a run report: an image file relative to the run folder and its caption.</summary>
public sealed record Figure(string File, string Caption, FigureGroup Group = FigureGroup.Detail)
{
    /// <summary>The run folder's images (PNG, GIF, SVG, in subfolders too), sorted by path; captions from file names.</summary>
    public static IReadOnlyList<Figure> FindIn(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".png" or ".gif" or ".svg")
            .Select(f => Path.GetRelativePath(folder, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .Select(f => new Figure(f, CaptionFromName(f)))
            .ToArray();

    /// <summary>"latent_space-2d.svg" gives "Latent space 2d".</summary>
    public static string CaptionFromName(string file)
    {
        string words = Path.GetFileNameWithoutExtension(file).Replace('_', ' ').Replace('-', ' ').Trim();
        return words.Length == 0 ? file : char.ToUpperInvariant(words[0]) + words[1..];
    }
}

/// <summary>Where a figure goes in the report: what the family is about first, then reconstructions, curves (one row), the rest.</summary>
public enum FigureGroup
{
    Lead,
    Reconstruction,
    Curve,
    Detail,
}
