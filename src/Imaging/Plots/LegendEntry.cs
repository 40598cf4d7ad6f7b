// One legend row: a name and how its swatch is drawn (marker, line, dashed line or bar).
namespace Engine.Imaging;

/// <summary>The point markers of scatter plots and legends.</summary>
public enum Marker
{
    Circle,
    Ring,
    Cross,
    Square,
}

internal enum SwatchKind
{
    Marker,
    Line,
    DashedLine,
    Bar,
}

internal sealed record LegendEntry(string Name, Rgb Color, SwatchKind Kind, Marker Marker = Marker.Circle);
