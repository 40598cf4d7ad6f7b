// Scatter plots: points in series (one per class, or "original" and "reconstructed"), each with its own
// colour and marker, optional links from each point to its counterpart, legend outside the data.
namespace Engine.Imaging;

/// <summary>An SVG scatter plot of point series (for example one per class), with optional links between counterpart points.</summary>
public sealed class ScatterPlot : Plot
{
    private readonly List<Series> _series = [];
    private readonly List<(double X1, double Y1, double X2, double Y2)> _links = [];

    /// <summary>Adds a named series. Colour defaults to tab10 by series index.</summary>
    public ScatterPlot AddSeries(string name, ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, Rgb? color = null,
        Marker marker = Marker.Circle, double radius = 2.5, double opacity = 0.75)
    {
        if (xs.Length != ys.Length)
        {
            throw new ArgumentException($"Series '{name}' has {xs.Length} x values but {ys.Length} y values.", nameof(ys));
        }
        var points = new (double, double)[xs.Length];
        for (int i = 0; i < xs.Length; i++)
        {
            points[i] = (xs[i], ys[i]);
        }
        _series.Add(new Series(name, points, color ?? Palette.Category(_series.Count), marker, radius, opacity));
        return this;
    }

    /// <summary>Thin gray segments from (fromX, fromY)[i] to (toX, toY)[i], drawn under the points.</summary>
    public ScatterPlot AddLinks(ReadOnlySpan<float> fromX, ReadOnlySpan<float> fromY, ReadOnlySpan<float> toX, ReadOnlySpan<float> toY)
    {
        for (int i = 0; i < fromX.Length; i++)
        {
            _links.Add((fromX[i], fromY[i], toX[i], toY[i]));
        }
        return this;
    }

    /// <summary>
    /// One series per class (e.g. a 2-D latent space coloured by label): tab10 colours, names from
    /// <paramref name="classNames"/> or the class number.
    /// </summary>
    public static ScatterPlot ByClass(ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, ReadOnlySpan<int> labels,
        IReadOnlyList<string>? classNames = null, double radius = 2)
    {
        if (labels.Length != xs.Length)
        {
            throw new ArgumentException($"{labels.Length} labels for {xs.Length} points.", nameof(labels));
        }
        var plot = new ScatterPlot();
        int classes = Math.Max(classNames?.Count ?? 0, labels.Length == 0 ? 0 : Max(labels) + 1);
        for (int k = 0; k < classes; k++)
        {
            var px = new List<float>();
            var py = new List<float>();
            for (int i = 0; i < labels.Length; i++)
            {
                if (labels[i] == k)
                {
                    px.Add(xs[i]);
                    py.Add(ys[i]);
                }
            }
            string name = classNames is not null && k < classNames.Count ? classNames[k] : k.ToString();
            plot.AddSeries(name, px.ToArray(), py.ToArray(), Palette.Category(k), Marker.Circle, radius, 0.7);
        }
        return plot;
    }

    internal override (double Min, double Max) XDomain() => Pad(All(p => p.X).DefaultIfEmpty(0).Min(), All(p => p.X).DefaultIfEmpty(1).Max(), 0.04);

    internal override (double Min, double Max) YDomain() => Pad(All(p => p.Y).DefaultIfEmpty(0).Min(), All(p => p.Y).DefaultIfEmpty(1).Max(), 0.04);

    internal override IReadOnlyList<LegendEntry> LegendEntries() =>
        _series.Select(s => new LegendEntry(s.Name, s.Color, SwatchKind.Marker, s.Marker)).ToArray();

    internal override void DrawData(SvgWriter svg, PlotLayout layout)
    {
        if (_links.Count > 0)
        {
            svg.BeginGroup("stroke=\"#9a9a9a\" stroke-width=\"0.8\"");
            foreach (var (x1, y1, x2, y2) in _links)
            {
                svg.Line(layout.PixelX(x1), layout.PixelY(y1), layout.PixelX(x2), layout.PixelY(y2), "");
            }
            svg.EndGroup();
        }
        foreach (Series s in _series)
        {
            svg.BeginGroup($"class=\"series\" opacity=\"{SvgWriter.F(s.Opacity)}\"");
            foreach (var (x, y) in s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)))
            {
                Markers.Draw(svg, s.Marker, layout.PixelX(x), layout.PixelY(y), s.Radius, s.Color.Hex);
            }
            svg.EndGroup();
        }
    }

    private IEnumerable<double> All(Func<(double X, double Y), double> pick) =>
        _series.SelectMany(s => s.Points).Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(pick)
            .Concat(_links.SelectMany(l => new[] { pick((l.X1, l.Y1)), pick((l.X2, l.Y2)) }).Where(double.IsFinite));

    private static int Max(ReadOnlySpan<int> values)
    {
        int max = int.MinValue;
        foreach (int v in values)
        {
            max = Math.Max(max, v);
        }
        return max;
    }

    private sealed record Series(string Name, (double X, double Y)[] Points, Rgb Color, Marker Marker, double Radius, double Opacity);
}
