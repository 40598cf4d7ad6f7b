// The report's order: what the family is about (FigureGroup.Lead) first, then reconstructions, the loss curves side by
// side in one row, the rest; then the sections (one step) with their figures, table and links; the one-step section's
// stacked bars.
namespace Engine.Tests.Imaging;

using Engine.Imaging;

public class ReportOrderTests
{
    [Test]
    public void LeadFiguresComeFirstAndTheCurvesShareOneRow()
    {
        var page = new ReportPage("run");
        page.AddFigure("loss-a.svg", "curve a", FigureGroup.Curve)
            .AddFigure("extra.png", "detail")
            .AddFigure("reconstructions.png", "reconstructions", FigureGroup.Reconstruction)
            .AddFigure("loss-b.svg", "curve b", FigureGroup.Curve)
            .AddFigure("latent.svg", "latent", FigureGroup.Lead);
        string html = page.ToHtml();
        var order = new[] { "latent.svg", "reconstructions.png", "loss-a.svg", "loss-b.svg", "extra.png" }.Select(f => html.IndexOf($"src=\"{f}\"", StringComparison.Ordinal)).ToList();
        Assert.That(order, Is.Ordered.And.All.GreaterThan(0));
        int row = html.IndexOf("<div class=\"curves\">", StringComparison.Ordinal);
        Assert.That(row, Is.GreaterThan(order[1]).And.LessThan(order[2]));
        Assert.That(html.IndexOf("</div>", row, StringComparison.Ordinal), Is.GreaterThan(order[3]).And.LessThan(order[4]), "both curves in the row");
        Assert.That(html, Does.Contain("Figure 1.</span> latent"));
    }

    [Test]
    public void ASectionFollowsTheFiguresWithItsTableAndLinks()
    {
        var page = new ReportPage("run");
        page.AddFigure("a.png", "a");
        var section = new ReportSection("One step") { Id = "one-step" };
        section.Paragraphs.Add("text");
        section.Figures.Add(new Figure("step-time.svg", "time"));
        section.TableHeader.AddRange(["node", "share"]);
        section.TableRows.Add(["#3 Conv2d", "12.5 %"]);
        section.Links.Add(("graph.svg", "the tape"));
        page.Sections.Add(section);
        string html = page.ToHtml();
        Assert.That(html.IndexOf("id=\"one-step\"", StringComparison.Ordinal), Is.GreaterThan(html.IndexOf("src=\"a.png\"", StringComparison.Ordinal)));
        Assert.That(html, Does.Contain("Figure 2.</span> time").And.Contain("<td class=\"number\">12.5 %</td>").And.Contain("<a href=\"graph.svg\">the tape</a>"));
        Assert.Throws<ArgumentException>(() => { section.Links.Add(("../x.svg", "outside")); page.ToHtml(); });
    }

    [Test]
    public void StackedBarsHoldOneSegmentPerNonZeroValueAndTheirTotal()
    {
        var plot = new StackedBarPlot { Title = "step", Unit = "ms" }.Categories(["conv", "GEMM", "bookkeeping"]);
        plot.AddBar("forward", [3, 0, 1]).AddBar("backward", [6, 1.5, 0.5]);
        string svg = plot.ToSvg();
        Assert.That(svg, Does.Contain("<title>forward, conv: 3 ms</title>").And.Contain("<title>backward, GEMM: 1.5 ms</title>"));
        Assert.That(svg, Does.Not.Contain("forward, GEMM"), "a zero value draws no segment");
        Assert.That(svg, Does.Contain(">4 ms</text>").And.Contain(">8 ms</text>"), "each bar's total at its end");
        Assert.Throws<ArgumentException>(() => plot.AddBar("bad", [1, -1, 0]));
        Assert.Throws<ArgumentException>(() => plot.AddBar("short", [1]));
    }
}
