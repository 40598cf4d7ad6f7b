// Continuous colormaps for heatmaps: viridis (perceptually uniform, readable in gray and by colour-blind
// readers) and gray. A map is a list of evenly spaced anchor colours, linearly interpolated.
namespace Engine.Imaging;

/// <summary>Continuous colormaps for heatmaps (viridis, gray): evenly spaced anchor colours, linearly interpolated.</summary>
public sealed class Colormap
{
    private readonly Rgb[] _anchors;

    private Colormap(string name, IEnumerable<string> anchors)
    {
        Name = name;
        _anchors = anchors.Select(Rgb.FromHex).ToArray();
    }

    /// <summary>matplotlib's viridis, sampled at 9 evenly spaced points (dark purple, blue, green, yellow).</summary>
    public static Colormap Viridis { get; } = new("viridis",
        ["#440154", "#472d7b", "#3b528b", "#2c728e", "#21908c", "#27ad81", "#5dc863", "#aadc32", "#fde725"]);

    /// <summary>Black to white.</summary>
    public static Colormap Gray { get; } = new("gray", ["#000000", "#ffffff"]);

    public string Name { get; }

    /// <summary>The colour for t in [0, 1] (clamped; NaN maps to 0).</summary>
    public Rgb Map(float t)
    {
        t = float.IsNaN(t) ? 0f : Math.Clamp(t, 0f, 1f);
        float position = t * (_anchors.Length - 1);
        int i = Math.Min((int)position, _anchors.Length - 2);
        return _anchors[i].Lerp(_anchors[i + 1], position - i);
    }
}
