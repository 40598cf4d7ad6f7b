// Base of every SVG plot: title, axis labels, "nice" ticks chosen from the pixels available (so labels never
// overlap), light grid lines, and a legend to the right of the data area. Subclasses give ranges and data.
namespace Engine.Imaging;

/// <summary>The base of every SVG plot: title, axis labels, nice ticks that never overlap, grid lines and a legend right of the data.</summary>
public abstract class Plot
{
    private const double TitleSize = 15;
    private const double FontSize = PlotLayout.FontSize;

    public string? Title { get; set; }
    public string? XLabel { get; set; }
    public string? YLabel { get; set; }
    public int Width { get; set; } = 720;
    public int Height { get; set; } = 440;

    /// <summary>The plot as a standalone SVG document (explicit width and height, no external resources).</summary>
    public string ToSvg()
    {
        PlotLayout layout = ComputeLayout();
        var svg = new SvgWriter(Width, Height);
        DrawGridAndTicks(svg, layout);
        svg.BeginGroup("class=\"data\"");
        DrawData(svg, layout);
        svg.EndGroup();
        svg.Rect(layout.DataLeft, layout.DataTop, layout.DataWidth, layout.DataHeight, "fill=\"none\" stroke=\"#444444\" stroke-width=\"1\"");
        DrawLabels(svg, layout);
        DrawLegend(svg, layout);
        return svg.ToString();
    }

    /// <summary>Writes the SVG file, creating the folder if needed.</summary>
    public void Save(string path)
    {
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }
        File.WriteAllText(path, ToSvg());
    }

    /// <summary>The x domain (already padded as the plot kind wants).</summary>
    internal abstract (double Min, double Max) XDomain();

    internal abstract (double Min, double Max) YDomain();

    internal virtual bool LogScaleY => false;

    /// <summary>1 when x values are whole numbers (epochs), so no tick falls between them.</summary>
    internal virtual double MinXStep => 0;

    internal abstract IReadOnlyList<LegendEntry> LegendEntries();

    internal abstract void DrawData(SvgWriter svg, PlotLayout layout);

    internal PlotLayout ComputeLayout()
    {
        IReadOnlyList<LegendEntry> legend = LegendEntries();
        double top = Title is null ? 14 : 38;
        double bottom = 8 + FontSize + 8 + (XLabel is null ? 0 : FontSize + 10) + 6;
        double legendWidth = legend.Count == 0 ? 0 : 14 + 22 + 8 + legend.Max(e => NiceTicks.TextWidth(e.Name, FontSize)) + 8;
        double dataHeight = Math.Max(20, Height - top - bottom);

        (double yMin, double yMax) = YDomain();
        Axis y = Axis.Build(yMin, yMax, LogScaleY, (int)(dataHeight / (FontSize * 3.2)));
        double left = 10 + (YLabel is null ? 0 : FontSize + 10) + y.Labels.Max(l => NiceTicks.TextWidth(l, FontSize)) + 9;
        double dataWidth = Math.Max(20, Width - left - legendWidth - 18);

        (double xMin, double xMax) = XDomain();
        Axis x = Axis.Build(xMin, xMax, false, 2, MinXStep);
        for (int count = (int)(dataWidth / 45); count > 2; count--)
        {
            Axis candidate = Axis.Build(xMin, xMax, false, count, MinXStep);
            if (PlotLayout.XLabelsFit(candidate, left, left + dataWidth, 12))
            {
                x = candidate;
                break;
            }
        }
        double legendHeight = legend.Count * PlotLayout.LegendRowHeight + 8;
        return new PlotLayout(left, top, dataWidth, dataHeight,
            legend.Count == 0 ? left + dataWidth : left + dataWidth + 14, top, legendWidth == 0 ? 0 : legendWidth - 14, legend.Count == 0 ? 0 : legendHeight,
            x, y);
    }

    /// <summary>[min, max] widened by a fraction on both sides; a single value gets a unit-wide window.</summary>
    internal static (double Min, double Max) Pad(double min, double max, double fraction)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            return (0, 1);
        }
        if (max - min <= Math.Abs(max) * 1e-12)
        {
            double half = Math.Max(0.5, Math.Abs(max) * 0.1);
            return (min - half, max + half);
        }
        double margin = (max - min) * fraction;
        return (min - margin, max + margin);
    }

    private static void DrawGridAndTicks(SvgWriter svg, PlotLayout layout)
    {
        const string grid = "stroke=\"#e4e4e4\" stroke-width=\"1\"";
        const string tick = "stroke=\"#444444\" stroke-width=\"1\"";
        foreach (double px in layout.XTickPixels)
        {
            svg.Line(px, layout.DataTop, px, layout.DataBottom, grid);
            svg.Line(px, layout.DataBottom, px, layout.DataBottom + 5, tick);
        }
        foreach (double py in layout.YTickPixels)
        {
            svg.Line(layout.DataLeft, py, layout.DataRight, py, grid);
            svg.Line(layout.DataLeft - 5, py, layout.DataLeft, py, tick);
        }
    }

    private void DrawLabels(SvgWriter svg, PlotLayout layout)
    {
        const string tickText = "fill=\"#333333\"";
        double[] xs = layout.XTickPixels, ys = layout.YTickPixels;
        for (int i = 0; i < xs.Length; i++)
        {
            svg.Text(xs[i], layout.DataBottom + 8 + FontSize, layout.X.Labels[i], "middle", $"class=\"tick x\" {tickText}");
        }
        for (int i = 0; i < ys.Length; i++)
        {
            svg.Text(layout.DataLeft - 8, ys[i] + FontSize * 0.35, layout.Y.Labels[i], "end", $"class=\"tick y\" {tickText}");
        }
        double centerX = layout.DataLeft + layout.DataWidth / 2;
        if (Title is not null)
        {
            svg.Text(centerX, 24, Title, "middle", $"class=\"title\" font-size=\"{TitleSize}\" font-weight=\"bold\" fill=\"#222222\"");
        }
        if (XLabel is not null)
        {
            svg.Text(centerX, layout.DataBottom + 8 + FontSize + 8 + FontSize + 2, XLabel, "middle", "class=\"axis-label\" fill=\"#222222\"");
        }
        if (YLabel is not null)
        {
            double cx = 10 + FontSize, cy = layout.DataTop + layout.DataHeight / 2;
            svg.Text(cx, cy, YLabel, "middle",
                $"class=\"axis-label\" fill=\"#222222\" transform=\"rotate(-90 {SvgWriter.F(cx)} {SvgWriter.F(cy)})\"");
        }
    }

    private void DrawLegend(SvgWriter svg, PlotLayout layout)
    {
        IReadOnlyList<LegendEntry> entries = LegendEntries();
        if (entries.Count == 0)
        {
            return;
        }
        svg.BeginGroup("class=\"legend\"");
        svg.Rect(layout.LegendLeft, layout.LegendTop, layout.LegendWidth, layout.LegendHeight,
            "fill=\"#ffffff\" stroke=\"#cccccc\" stroke-width=\"1\" rx=\"3\"");
        for (int i = 0; i < entries.Count; i++)
        {
            LegendEntry e = entries[i];
            double x = layout.LegendLeft + 6, cy = layout.LegendTop + 4 + PlotLayout.LegendRowHeight * (i + 0.5);
            string color = e.Color.Hex;
            switch (e.Kind)
            {
                case SwatchKind.Marker:
                    Markers.Draw(svg, e.Marker, x + 11, cy, 4.5, color);
                    break;
                case SwatchKind.Bar:
                    svg.Rect(x + 3, cy - 6, 16, 12, $"fill=\"{color}\" fill-opacity=\"0.75\"");
                    break;
                default:
                    string dash = e.Kind == SwatchKind.DashedLine ? " stroke-dasharray=\"5,3\"" : "";
                    svg.Line(x, cy, x + 22, cy, $"stroke=\"{color}\" stroke-width=\"2\"{dash}");
                    break;
            }
            svg.Text(x + 22 + 8, cy + FontSize * 0.35, e.Name, "start", "fill=\"#222222\"");
        }
        svg.EndGroup();
    }
}
