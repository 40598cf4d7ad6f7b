// Horizontal stacked bars: one bar per labelled row (a phase's forward, backward, optimizer), each split into coloured
// segments by category (the primitive families), with a legend of the categories and the bar's total at its end. Plain
// SVG with explicit size, as the other plots. Values must be >= 0.
namespace Engine.Imaging;

public sealed class StackedBarPlot
{
    private readonly List<string> _categories = [];
    private readonly List<(string Label, double[] Values)> _bars = [];

    public string? Title { get; set; }

    /// <summary>The unit written after each bar's total and on the axis, e.g. "ms".</summary>
    public string Unit { get; set; } = "";

    public int Width { get; set; } = 820;

    /// <summary>The segments' categories, in legend and stacking order.</summary>
    public StackedBarPlot Categories(IEnumerable<string> names)
    {
        _categories.Clear();
        _categories.AddRange(names);
        return this;
    }

    /// <summary>A bar: one value per category (same order as <see cref="Categories"/>).</summary>
    public StackedBarPlot AddBar(string label, IReadOnlyList<double> values)
    {
        if (values.Count != _categories.Count || values.Any(v => !(v >= 0)))
        {
            throw new ArgumentException($"A bar needs {_categories.Count} values >= 0; got {values.Count}.");
        }
        _bars.Add((label, values.ToArray()));
        return this;
    }

    public string ToSvg()
    {
        const double barHeight = 22, gap = 10, top = 40, labelWidth = 210, legendRow = 18;
        double plotWidth = Width - labelWidth - 90;
        double max = Math.Max(1e-9, _bars.Select(b => b.Values.Sum()).DefaultIfEmpty(0).Max());
        double step = NiceTicks.NiceStep(0, max, 6);
        double axisMax = Math.Ceiling(max / step) * step;
        int legendRows = (int)Math.Ceiling(_categories.Count / 4.0);
        double barsBottom = top + _bars.Count * (barHeight + gap);
        int height = (int)Math.Ceiling(barsBottom + 30 + legendRows * legendRow + 12);
        var svg = new SvgWriter(Width, height);
        if (Title is not null) svg.Text(Width / 2.0, 22, Title, "middle", "font-size=\"14\" font-weight=\"bold\"");
        double X(double v) => labelWidth + v / axisMax * plotWidth;
        foreach (double tick in NiceTicks.Linear(0, axisMax, step))
        {
            svg.Line(X(tick), top - 4, X(tick), barsBottom, "stroke=\"#e4e4e4\"");
            svg.Text(X(tick), barsBottom + 14, NiceTicks.Format(tick, step) + (tick == 0 ? "" : " " + Unit), "middle", "font-size=\"10\" fill=\"#555\"");
        }
        for (int b = 0; b < _bars.Count; b++)
        {
            var (label, values) = _bars[b];
            double y = top + b * (barHeight + gap), left = 0;
            svg.Text(labelWidth - 8, y + barHeight / 2 + 4, label, "end");
            for (int c = 0; c < values.Length; c++)
            {
                if (values[c] <= 0) continue;
                string tip = SvgWriter.Escape($"{label}, {_categories[c]}: {values[c]:0.##} {Unit}");
                svg.Raw($"<rect x=\"{SvgWriter.F(X(left))}\" y=\"{SvgWriter.F(y)}\" width=\"{SvgWriter.F(X(left + values[c]) - X(left))}\" " +
                    $"height=\"{barHeight}\" fill=\"{Palette.Category(c).Hex}\"><title>{tip}</title></rect>");
                left += values[c];
            }
            svg.Text(X(left) + 6, y + barHeight / 2 + 4, $"{left:0.#} {Unit}", "start", "font-size=\"11\"");
        }
        for (int c = 0; c < _categories.Count; c++)
        {
            double x = 20 + (c % 4) * (Width - 40) / 4.0, y = barsBottom + 30 + (c / 4) * legendRow;
            svg.Rect(x, y - 10, 12, 12, $"fill=\"{Palette.Category(c).Hex}\"");
            svg.Text(x + 18, y, _categories[c], "start", "font-size=\"11\"");
        }
        return svg.ToString();
    }

    public void Save(string path) => File.WriteAllText(path, ToSvg());
}
