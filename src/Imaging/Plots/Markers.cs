// Point markers for scatter plots and legends: filled circle, ring, cross and square, as SVG elements.
namespace Engine.Imaging;

internal static class Markers
{
    public static void Draw(SvgWriter svg, Marker marker, double x, double y, double radius, string color)
    {
        string r = SvgWriter.F(radius);
        switch (marker)
        {
            case Marker.Ring:
                svg.Raw($"<circle cx=\"{SvgWriter.F(x)}\" cy=\"{SvgWriter.F(y)}\" r=\"{r}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\"/>");
                break;
            case Marker.Cross:
                svg.Raw($"<path d=\"{CrossPath(x, y, radius)}\" stroke=\"{color}\" stroke-width=\"1.5\" fill=\"none\"/>");
                break;
            case Marker.Square:
                svg.Rect(x - radius, y - radius, 2 * radius, 2 * radius, $"fill=\"{color}\"");
                break;
            default:
                svg.Raw($"<circle cx=\"{SvgWriter.F(x)}\" cy=\"{SvgWriter.F(y)}\" r=\"{r}\" fill=\"{color}\"/>");
                break;
        }
    }

    /// <summary>Path data for an x-shaped cross of the given half-size centred on (x, y).</summary>
    public static string CrossPath(double x, double y, double radius) =>
        $"M{SvgWriter.F(x - radius)} {SvgWriter.F(y - radius)}L{SvgWriter.F(x + radius)} {SvgWriter.F(y + radius)}"
        + $"M{SvgWriter.F(x - radius)} {SvgWriter.F(y + radius)}L{SvgWriter.F(x + radius)} {SvgWriter.F(y - radius)}";
}
