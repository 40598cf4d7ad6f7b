// Categorical colours for classes: matplotlib's tab10 (ten distinct hues, colour-blind friendly order).
namespace Engine.Imaging;

/// <summary>Categorical class colours: matplotlib's tab10.</summary>
public static class Palette
{
    /// <summary>tab10: blue, orange, green, red, purple, brown, pink, gray, olive, cyan.</summary>
    public static readonly IReadOnlyList<Rgb> Tab10 = new[]
    {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
    }.Select(Rgb.FromHex).ToArray();

    /// <summary>The colour of class or series i (tab10, repeating after ten).</summary>
    public static Rgb Category(int i) => Tab10[((i % Tab10.Count) + Tab10.Count) % Tab10.Count];
}
