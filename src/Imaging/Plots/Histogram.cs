// Bar histograms: the percent of each series' values falling in each of equal-width bins over a shared
// range, with a dashed vertical line at each series' mean (named in the legend with its value).
namespace Engine.Imaging;

/// <summary>An SVG bar histogram: the percent of each series' values per bin, with a dashed line at each series' mean.</summary>
public sealed class Histogram : Plot
{
    private readonly List<Series> _series = [];

    /// <param name="bins">number of equal-width bins over the range</param>
    public Histogram(int bins = 30)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        Bins = bins;
        YLabel = "% of values";
    }

    public int Bins { get; }

    /// <summary>Optional fixed range; by default the smallest and largest finite value over all series.</summary>
    public double? RangeMin { get; set; }
    public double? RangeMax { get; set; }

    public bool ShowMean { get; set; } = true;

    /// <summary>Adds a distribution (e.g. hidden activations, latent codes). Non-finite values are ignored.</summary>
    public Histogram AddSeries(string name, ReadOnlySpan<float> values, Rgb? color = null)
    {
        var finite = new List<double>(values.Length);
        foreach (float v in values)
        {
            if (float.IsFinite(v))
            {
                finite.Add(v);
            }
        }
        _series.Add(new Series(name, finite.ToArray(), color ?? Palette.Category(_series.Count)));
        return this;
    }

    /// <summary>Percent of the series' values per bin (values outside the range are not counted).</summary>
    internal double[] Percentages(int series)
    {
        (double low, double high) = Range();
        double[] values = _series[series].Values;
        var counts = new double[Bins];
        foreach (double v in values)
        {
            if (v < low || v > high)
            {
                continue;
            }
            int bin = Math.Min(Bins - 1, (int)((v - low) / (high - low) * Bins));
            counts[bin]++;
        }
        return counts.Select(c => values.Length == 0 ? 0 : 100 * c / values.Length).ToArray();
    }

    internal override (double Min, double Max) XDomain() => Range();

    internal override (double Min, double Max) YDomain()
    {
        double max = Enumerable.Range(0, _series.Count).Select(s => Percentages(s).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
        return (0, max > 0 ? max * 1.08 : 1);
    }

    internal override IReadOnlyList<LegendEntry> LegendEntries()
    {
        var entries = new List<LegendEntry>();
        foreach (Series s in _series)
        {
            entries.Add(new LegendEntry(s.Name, s.Color, SwatchKind.Bar));
            if (ShowMean && s.Values.Length > 0)
            {
                string mean = NiceTicks.Format(s.Values.Average(), 0.001);
                entries.Add(new LegendEntry(_series.Count == 1 ? $"mean = {mean}" : $"mean {s.Name} = {mean}", Darker(s.Color), SwatchKind.DashedLine));
            }
        }
        return entries;
    }

    internal override void DrawData(SvgWriter svg, PlotLayout layout)
    {
        (double low, double high) = Range();
        double width = (high - low) / Bins;
        double opacity = _series.Count > 1 ? 0.55 : 0.8;
        for (int s = 0; s < _series.Count; s++)
        {
            double[] percent = Percentages(s);
            svg.BeginGroup($"class=\"series\" fill=\"{_series[s].Color.Hex}\" fill-opacity=\"{SvgWriter.F(opacity)}\"");
            for (int b = 0; b < Bins; b++)
            {
                if (percent[b] <= 0)
                {
                    continue;
                }
                double x0 = layout.PixelX(low + b * width), x1 = layout.PixelX(low + (b + 1) * width);
                double y = layout.PixelY(percent[b]);
                svg.Rect(x0 + 0.5, y, Math.Max(0.5, x1 - x0 - 1), layout.DataBottom - y, "");
            }
            svg.EndGroup();
        }
        foreach (Series s in _series.Where(s => ShowMean && s.Values.Length > 0))
        {
            double x = layout.PixelX(Math.Clamp(s.Values.Average(), low, high));
            svg.Line(x, layout.DataTop, x, layout.DataBottom, $"class=\"mean\" stroke=\"{Darker(s.Color).Hex}\" stroke-width=\"2\" stroke-dasharray=\"6,4\"");
        }
    }

    private (double Low, double High) Range()
    {
        double[] all = _series.SelectMany(s => s.Values).ToArray();
        double low = RangeMin ?? (all.Length == 0 ? 0 : all.Min());
        double high = RangeMax ?? (all.Length == 0 ? 1 : all.Max());
        return high > low ? (low, high) : Pad(low, high, 0);
    }

    private static Rgb Darker(Rgb c) => c.Lerp(Rgb.Black, 0.35f);

    private sealed record Series(string Name, double[] Values, Rgb Color);
}
