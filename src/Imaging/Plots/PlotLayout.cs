// Where everything of a plot goes, in pixels: the data area, the legend box to its right (outside the
// data, so it never covers points) and both axes with tick positions. Tests read it to check legibility.
namespace Engine.Imaging;

internal sealed record PlotLayout(
    double DataLeft, double DataTop, double DataWidth, double DataHeight,
    double LegendLeft, double LegendTop, double LegendWidth, double LegendHeight,
    Axis X, Axis Y)
{
    public const double FontSize = 12;
    public const double LegendRowHeight = 20;

    public double DataRight => DataLeft + DataWidth;
    public double DataBottom => DataTop + DataHeight;

    public double PixelX(double x) => X.Map(x, DataLeft, DataRight);

    public double PixelY(double y) => Y.Map(y, DataBottom, DataTop);

    public double[] XTickPixels => X.Ticks.Select(PixelX).ToArray();

    public double[] YTickPixels => Y.Ticks.Select(PixelY).ToArray();

    /// <summary>True when no two x tick labels overlap (estimated widths plus a gap).</summary>
    public static bool XLabelsFit(Axis axis, double left, double right, double gap)
    {
        double[] pixels = axis.Ticks.Select(t => axis.Map(t, left, right)).ToArray();
        for (int i = 0; i + 1 < pixels.Length; i++)
        {
            double halfWidths = (NiceTicks.TextWidth(axis.Labels[i], FontSize) + NiceTicks.TextWidth(axis.Labels[i + 1], FontSize)) / 2;
            if (pixels[i + 1] - pixels[i] < halfWidths + gap)
            {
                return false;
            }
        }
        return true;
    }
}
