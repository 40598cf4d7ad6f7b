// Line charts: several named series (loss terms per epoch, train vs validation), solid or dashed,
// optional log-scale y (non-positive values are skipped there), markers when points are few.
namespace Engine.Imaging;

/// <summary>An SVG line chart of named series, solid or dashed, with an optional log-scale y axis.</summary>
public sealed class LinePlot : Plot
{
    private readonly List<Series> _series = [];

    /// <summary>Log10 y axis; for losses spanning decades.</summary>
    public bool LogY { get; set; }

    /// <summary>Adds a series at x = 1, 2, ..., n (epochs).</summary>
    public LinePlot AddSeries(string name, IReadOnlyList<double> ys, Rgb? color = null, bool dashed = false) =>
        AddSeries(name, Enumerable.Range(1, ys.Count).Select(i => (double)i).ToArray(), ys, color, dashed);

    public LinePlot AddSeries(string name, IReadOnlyList<double> xs, IReadOnlyList<double> ys, Rgb? color = null, bool dashed = false)
    {
        if (xs.Count != ys.Count)
        {
            throw new ArgumentException($"Series '{name}' has {xs.Count} x values but {ys.Count} y values.", nameof(ys));
        }
        _series.Add(new Series(name, xs.ToArray(), ys.ToArray(), color ?? Palette.Category(_series.Count), dashed));
        return this;
    }

    internal override bool LogScaleY => LogY;

    internal override double MinXStep => _series.All(s => s.Xs.All(x => x == Math.Round(x))) ? 1 : 0;

    internal override (double Min, double Max) XDomain()
    {
        double[] xs = _series.SelectMany(s => s.Xs).Where(double.IsFinite).ToArray();
        return xs.Length == 0 ? (0, 1) : Pad(xs.Min(), xs.Max(), 0.0);
    }

    internal override (double Min, double Max) YDomain()
    {
        double[] ys = _series.SelectMany(s => s.Ys).Where(v => double.IsFinite(v) && (!LogY || v > 0)).ToArray();
        if (ys.Length == 0)
        {
            return LogY ? (0.1, 10) : (0, 1);
        }
        if (!LogY)
        {
            return Pad(ys.Min(), ys.Max(), 0.05);
        }
        double low = Math.Log10(ys.Min()), high = Math.Log10(ys.Max());
        (low, high) = Pad(low, high, 0.05);
        return (Math.Pow(10, low), Math.Pow(10, high));
    }

    internal override IReadOnlyList<LegendEntry> LegendEntries() =>
        _series.Select(s => new LegendEntry(s.Name, s.Color, s.Dashed ? SwatchKind.DashedLine : SwatchKind.Line)).ToArray();

    internal override void DrawData(SvgWriter svg, PlotLayout layout)
    {
        foreach (Series s in _series)
        {
            string dash = s.Dashed ? " stroke-dasharray=\"6,4\"" : "";
            var segment = new List<(double, double)>();
            for (int i = 0; i <= s.Xs.Length; i++)
            {
                bool usable = i < s.Xs.Length && double.IsFinite(s.Xs[i]) && double.IsFinite(s.Ys[i]) && (!LogY || s.Ys[i] > 0);
                if (usable)
                {
                    segment.Add((layout.PixelX(s.Xs[i]), layout.PixelY(s.Ys[i])));
                    continue;
                }
                if (segment.Count > 0)
                {
                    svg.Polyline(segment, $"class=\"series\" stroke=\"{s.Color.Hex}\" stroke-width=\"2\" stroke-linejoin=\"round\"{dash}");
                }
                if (segment.Count > 0 && s.Xs.Length <= 40)
                {
                    foreach (var (px, py) in segment)
                    {
                        Markers.Draw(svg, Marker.Circle, px, py, 2.5, s.Color.Hex);
                    }
                }
                segment.Clear();
            }
        }
    }

    private sealed record Series(string Name, double[] Xs, double[] Ys, Rgb Color, bool Dashed);
}
