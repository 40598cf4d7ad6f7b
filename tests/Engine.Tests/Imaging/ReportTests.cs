// report.html without a browser: tables, figure list, relative links only, no external resources.
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class ReportTests
{
    [Test]
    public void ReportListsEveryFigureWithRelativeLinks()
    {
        string folder = ExternalTools.TempFolder("report");
        ReportPage report = SampleRun.Write(folder);

        string html = File.ReadAllText(report.Write(folder));

        TestContext.Out.WriteLine(folder);
        foreach (Figure figure in report.Figures)
        {
            Assert.That(html, Does.Contain($"<img src=\"{figure.File}\""));
        }
        Assert.That(html, Does.Contain("<td class=\"number\">0.0435127</td>"));
        Assert.That(html, Does.Not.Contain("http://").And.Not.Contain("https://").And.Not.Contain("<link"));
    }

    [Test]
    public void FiguresAreFoundWhenNoListIsGiven()
    {
        string folder = ExternalTools.TempFolder("report-find");
        Png.Write(Path.Combine(folder, "b_samples.png"), new Image(2, 2, 1));
        Png.Write(Path.Combine(folder, "plots", "a loss.png"), new Image(2, 2, 1));
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), "epoch,loss\n");

        string html = new ReportPage("run").ToHtml(folder);

        Assert.That(Figure.FindIn(folder).Select(f => f.File), Is.EqualTo(new[] { "b_samples.png", "plots/a loss.png" }));
        Assert.That(html, Does.Contain("src=\"plots/a%20loss.png\"").And.Contain("B samples"));
        Assert.That(html, Does.Not.Contain("metrics.csv"));
    }

    [Test]
    public void FailedHealthChecksAreABoxAboveEverythingElse()
    {
        var report = new ReportPage("run").AddConfig("model", "ae").AddMetric("test bce", 0.7).AddFigure("a.png", "a");
        report.Warnings.AddRange(["The training loss did not fall: <epoch 2>.", "The network collapsed to a constant output."]);

        string html = report.ToHtml();

        int box = html.IndexOf("<section class=\"warning\" role=\"alert\">", StringComparison.Ordinal);
        Assert.That(box, Is.GreaterThan(html.IndexOf("<main>", StringComparison.Ordinal)));
        Assert.That(box, Is.LessThan(html.IndexOf("<section class=\"tables\">", StringComparison.Ordinal)), "above the tables and figures");
        Assert.That(html, Does.Contain("<h2>This run failed 2 health checks</h2>")
            .And.Contain("<li>Warning: The training loss did not fall: &lt;epoch 2&gt;.</li>").And.Contain("<li>Warning: The network collapsed"));
        Assert.That(new ReportPage("run").AddConfig("model", "ae").ToHtml(), Does.Not.Contain("class=\"warning\""), "a healthy run has no box");
        report.Warnings.RemoveAt(1);
        Assert.That(report.ToHtml(), Does.Contain("<h2>This run failed a health check</h2>"));
    }

    [Test]
    public void TheConfigurationNoteSitsUnderItsTable()
    {
        var report = new ReportPage("run").AddConfig("model", "vae");
        report.ConfigNote = "The settings vae reads.";

        string html = report.ToHtml();

        Assert.That(html, Does.Contain("</table>\n<p class=\"note\">The settings vae reads.</p>\n</div>"));
    }

    [TestCase("/etc/passwd")]
    [TestCase("../other-run/loss.svg")]
    [TestCase("https://example.com/x.png")]
    public void NonRelativeFiguresAreRefused(string file)
    {
        var report = new ReportPage("run").AddFigure(file, "x");

        Assert.Throws<ArgumentException>(() => report.ToHtml());
    }

    [Test]
    public void MissingFilesAreFlaggedAndTextIsEscaped()
    {
        string folder = ExternalTools.TempFolder("report-missing");
        var report = new ReportPage("<run & co>").AddFigure("nope.png", "a < b").AddConfig("x<y", "\"q\"");

        string html = report.ToHtml(folder);

        Assert.That(html, Does.Contain("Missing file: nope.png").And.Contain("&lt;run &amp; co&gt;").And.Contain("a &lt; b"));
    }
}
