// SVG plots without a browser: nice ticks and labels, tick count chosen from the pixels available, legend
// outside the data area, distinct class colours, well-formed SVG with escaped text.
using System.Xml.Linq;
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class PlotTests
{
    [TestCase(0, 1, 6, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1 })]
    [TestCase(-4.7, 4.3, 5, new[] { -4.0, -2, 0, 2, 4 })]
    [TestCase(1, 30, 7, new[] { 5.0, 10, 15, 20, 25, 30 })]
    [TestCase(0.013, 0.0171, 5, new[] { 0.013, 0.014, 0.015, 0.016, 0.017 })]
    [TestCase(0.013, 0.0171, 4, new[] { 0.014, 0.016 })]
    public void TicksAreNice(double min, double max, int maxCount, double[] expected)
    {
        Axis axis = Axis.Build(min, max, log: false, maxCount);

        Assert.That(axis.Ticks, Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void TickLabelsUseJustEnoughDecimals()
    {
        Assert.That(Axis.Build(0, 1, false, 5).Labels, Is.EqualTo(new[] { "0", "0.25", "0.50", "0.75", "1.00" }));
        Assert.That(NiceTicks.Format(2e-5, 1e-5), Is.EqualTo("2e-5"));
        Assert.That(NiceTicks.Format(250000, 50000), Is.EqualTo("2.5e5"));
        Assert.That(NiceTicks.Format(-3, 1), Is.EqualTo("-3"));
    }

    [Test]
    public void LogTicksArePowersOfTenOr125()
    {
        Assert.That(Axis.Build(0.004, 0.6, log: true, 10).Ticks, Is.EqualTo(new[] { 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5 }).Within(1e-12));
        Assert.That(Axis.Build(1e-6, 1e2, log: true, 5).Ticks, Is.EqualTo(new[] { 1e-6, 1e-4, 1e-2, 1, 100 }).Within(1e-15));
    }

    [TestCase(260)]
    [TestCase(480)]
    [TestCase(1200)]
    public void TickCountFollowsAvailableWidthAndLabelsNeverOverlap(int width)
    {
        var plot = new LinePlot { Width = width, Title = "t", XLabel = "step" };
        plot.AddSeries("loss", [0, 1234567.0], [3.0, 0.001]);

        PlotLayout layout = plot.ComputeLayout();

        Assert.That(PlotLayout.XLabelsFit(layout.X, layout.DataLeft, layout.DataRight, 12), Is.True);
        Assert.That(layout.X.Ticks.Length, Is.InRange(2, Math.Max(2, width / 45)));
        TestContext.Out.WriteLine($"{width}px: {string.Join(" ", layout.X.Labels)}");
    }

    [Test]
    public void WiderPlotsGetMoreTicks()
    {
        int Count(int width)
        {
            var plot = new LinePlot { Width = width };
            plot.AddSeries("a", Enumerable.Range(0, 100).Select(i => (double)i).ToArray());
            return plot.ComputeLayout().X.Ticks.Length;
        }

        Assert.That(Count(1200), Is.GreaterThan(Count(300)));
    }

    [Test]
    public void LegendSitsRightOfEveryDataPoint()
    {
        var random = new Random(3);
        float[] xs = Enumerable.Range(0, 5000).Select(_ => (float)random.NextDouble() * 10).ToArray();
        float[] ys = Enumerable.Range(0, 5000).Select(_ => (float)random.NextDouble() * 10).ToArray();
        int[] labels = Enumerable.Range(0, 5000).Select(i => i % 10).ToArray();
        ScatterPlot plot = ScatterPlot.ByClass(xs, ys, labels, SampleRun.ClassNames);

        PlotLayout layout = plot.ComputeLayout();

        Assert.That(layout.LegendLeft, Is.GreaterThan(layout.DataRight));
        Assert.That(layout.LegendLeft + layout.LegendWidth, Is.LessThanOrEqualTo(plot.Width));
        Assert.That(layout.LegendHeight, Is.LessThanOrEqualTo(layout.DataHeight));
        Assert.That(xs.Select(x => layout.PixelX(x)), Has.All.InRange(layout.DataLeft, layout.DataRight));
        Assert.That(ys.Select(y => layout.PixelY(y)), Has.All.InRange(layout.DataTop, layout.DataBottom));
    }

    [Test]
    public void ClassColoursAreDistinct()
    {
        IReadOnlyList<Rgb> colours = Palette.Tab10;
        for (int i = 0; i < colours.Count; i++)
        {
            for (int j = i + 1; j < colours.Count; j++)
            {
                int dr = colours[i].R - colours[j].R, dg = colours[i].G - colours[j].G, db = colours[i].B - colours[j].B;
                Assert.That(Math.Sqrt(dr * dr + dg * dg + db * db), Is.GreaterThan(60), $"{colours[i]} vs {colours[j]}");
            }
        }
        string svg = ScatterPlot.ByClass([0, 1, 2], [0, 1, 2], [0, 1, 9]).ToSvg();
        Assert.That(svg, Does.Contain("#1f77b4").And.Contain("#ff7f0e").And.Contain("#17becf"));
    }

    [Test]
    public void EveryPlotKindIsWellFormedSvgWithEscapedText()
    {
        var line = new LinePlot { Title = "loss < 1 & \"nice\"", LogY = true };
        line.AddSeries("a<b", [1.0, 0.1, 0, double.NaN, 0.01]);
        var histogram = new Histogram(10) { Title = "h" };
        histogram.AddSeries("x", [1f, 2f, 2f, 3f, float.NaN]).AddSeries("y", [2f, 4f]);
        var scatter = new ScatterPlot { XLabel = "z1", YLabel = "z2" };
        scatter.AddSeries("one point", [0f], [0f], marker: Marker.Square).AddSeries("ring", [1f], [1f], marker: Marker.Ring);

        foreach (Plot plot in new Plot[] { line, histogram, scatter, new LinePlot(), new Histogram() })
        {
            XElement root = XDocument.Parse(plot.ToSvg()).Root!;
            Assert.That(root.Name.LocalName, Is.EqualTo("svg"));
            Assert.That(root.Attribute("width")!.Value, Is.EqualTo("720"));
        }
        Assert.That(line.ToSvg(), Does.Contain("loss &lt; 1 &amp; &quot;nice&quot;"));
    }

    [Test]
    public void HistogramShowsPercentPerBinAndTheMean()
    {
        var histogram = new Histogram(bins: 4) { RangeMin = 0, RangeMax = 4 };
        histogram.AddSeries("v", [0.5f, 1.5f, 1.6f, 3.9f]);

        Assert.That(histogram.Percentages(0), Is.EqualTo(new[] { 25.0, 50, 0, 25 }));
        Assert.That(histogram.LegendEntries().Select(e => e.Name), Is.EqualTo(new[] { "v", "mean = 1.875" }));
        Assert.That(histogram.ToSvg(), Does.Contain("class=\"mean\"").And.Contain("stroke-dasharray"));
    }

    [Test]
    public void ALogAxisWithNoNiceTickInsideLabelsItsEnds()
    {
        var plot = new LinePlot { LogY = true };
        plot.AddSeries("loss", [0.26, 0.3, 0.44]);                       // no 1, 2, 5 x 10^k and no decade in [0.26, 0.44]

        Assert.That(plot.ComputeLayout().Y.Ticks, Has.Length.GreaterThanOrEqualTo(2));
        Assert.That(XDocument.Parse(plot.ToSvg()).Root!.Name.LocalName, Is.EqualTo("svg"));
    }

    [Test]
    public void EpochAxesOnlyTickWholeEpochs()
    {
        var plot = new LinePlot { Width = 1400 };
        plot.AddSeries("loss", [1.0, 0.5, 0.3]);

        Assert.That(plot.ComputeLayout().X.Ticks, Is.EqualTo(new[] { 1.0, 2, 3 }));
    }
}
