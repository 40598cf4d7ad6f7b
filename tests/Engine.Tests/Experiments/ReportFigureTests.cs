// The run report's figures and tables (issue 15): the latent grid with its axis values and gaps, loss curves whose epoch
// means sit in the middle of the steps they average and that get a log-scale twin past two decades, and a configuration
// table that shows only what the model reads.
namespace Engine.Tests.Experiments;

using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Imaging;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Tests.Checkpoints;

public class ReportFigureTests
{
    [Test]
    public void TheLatentGridAxesRunLeftToRightAndBottomToTop()
    {
        var (z1, z2) = Figures.LatentGridAxes(20, 2f);
        Assert.That(z1, Has.Length.EqualTo(20));
        Assert.That((z1[0], z1[^1], z2[0], z2[^1]), Is.EqualTo((-2f, 2f, 2f, -2f)));
        Assert.That(z1, Is.Ordered.Ascending);
        Assert.That(z2, Is.Ordered.Descending);
        Assert.That(z1[1] - z1[0], Is.EqualTo(4f / 19).Within(1e-6));
    }

    [Test]
    public void TheLatentGridHasAxisValuesAndThinGaps()
    {
        using var temp = new TempFolder();
        const int side = 20, h = 28, w = 28;
        var decoded = Enumerable.Repeat(0f, side * side * h * w).ToArray();            // black cells: gaps and labels stand out
        string path = temp.File("latent-grid.png");
        Figures.SaveLatentGrid(path, decoded, h, w, side, 2f);

        var grid = Png.Read(path);
        int labelLeft = BitmapFont.Measure("z2 \\ z1") + 8, labelTop = BitmapFont.LineHeight + 4, cell = 2 * 28;
        Assert.That((grid.Width, grid.Height), Is.EqualTo((labelLeft + 1 + side * (cell + 1), labelTop + 1 + side * (cell + 1))),
            "2x cells, 1-pixel gaps");
        int gapX = labelLeft + 1 + cell, middleY = labelTop + 1 + cell / 2;
        Assert.That(grid.GetRgb(gapX, middleY), Is.EqualTo(new GridOptions().PaddingColor), "a gap between two cells");
        Assert.That(grid.GetRgb(gapX - 1, middleY), Is.EqualTo(new Rgb(0, 0, 0)), "the cell beside it");
        for (int c = 0; c < side; c++)
        {
            int left = labelLeft + 1 + c * (cell + 1);
            Assert.That(Inked(grid, left, 0, cell, BitmapFont.LineHeight), Is.True, $"column {c} has its z1 label");
        }
        for (int r = 0; r < side; r++)
        {
            int top = labelTop + 1 + r * (cell + 1);
            Assert.That(Inked(grid, 0, top, labelLeft - 2, cell), Is.True, $"row {r} has its z2 label");
        }
        Assert.That(Inked(grid, 0, 0, labelLeft - 2, BitmapFont.LineHeight), Is.True, "the corner names the axes");
        Assert.That(Figures.LatentGridCaption("Decoded.", side, 2f),
            Is.EqualTo("Decoded. Columns: z1 from -2 (left) to 2; rows: z2 from 2 (top) to -2; 20 values each, labelled on the axes."));
    }

    [Test]
    public void AnEpochMeanSitsInTheMiddleOfTheStepsItAverages()
    {
        int[] epochs = [1, 1, 1, 1, 2, 2, 2, 2];
        var x = Figures.StepPositions(epochs);
        Assert.That(x, Is.EqualTo(new[] { 0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2 }));
        var middles = Figures.EpochMiddles(epochs, x);
        Assert.That(middles[1], Is.EqualTo(0.625));
        Assert.That(middles[2], Is.EqualTo(1.625));
        var many = Enumerable.Repeat(1, 1000).ToArray();
        Assert.That(Figures.EpochMiddles(many, Figures.StepPositions(many))[1], Is.EqualTo(0.5).Within(1e-3), "mid-epoch for many steps");
        Assert.That(Figures.EpochMiddles([1, 2], Figures.StepPositions([1, 2])), Is.EqualTo(new Dictionary<int, double> { [1] = 1, [2] = 2 }),
            "one full-batch step per epoch: on the step");
    }

    [Test]
    public void LossCurvesDrawTheMeanMidEpochAndAddALogPlotPastTwoDecades()
    {
        using var temp = new TempFolder();
        var run = new RunFolder(temp.Folder("run"));
        var log = MetricsLog.Create(run.Metrics, ["total", "kl"]);
        double[] kl = [50, 20, 8, 3, 1, 0.5, 0.2, 0.1];                             // 500x: more than two decades
        for (int i = 0; i < 8; i++) log.Write("step", i / 4 + 1, i + 1, [1 - 0.02 * i, kl[i]]);
        for (int e = 1; e <= 2; e++)
        {
            log.Write("train", e, 4 * e, [1 - 0.05 * e, kl.Skip(4 * (e - 1)).Take(4).Average()]);
            log.Write("test", e, 4 * e, [1 - 0.04 * e, kl[4 * e - 1]]);
        }
        var report = new ReportPage("run");

        Figures.LossCurves(run, report, ["total", "kl"]);

        Assert.That(report.Figures.Select(f => f.File), Is.EqualTo(new[] { "loss-total.svg", "loss-kl.svg", "loss-kl-log.svg" }),
            "total moves 1.0 -> 0.86, no log twin; kl spans 500x");
        Assert.That(Figures.SpansDecades(kl), Is.True);
        Assert.That(Figures.SpansDecades([1, 0.86, 0]), Is.False, "zero is left out, 1 / 0.86 is no decade");
        string logSvg = File.ReadAllText(run.File("loss-kl-log.svg"));
        Assert.That(logSvg, Does.Contain("kl during training (log scale)").And.Contain(">10<").And.Contain(">1<"), "decade ticks");
        foreach (var file in new[] { "loss-total.svg", "loss-kl-log.svg" })
        {
            var lines = Polylines(File.ReadAllText(run.File(file)));
            var (steps, means) = (lines[0], lines[1]);
            Assert.That(means[0], Is.EqualTo((steps[1] + steps[2]) / 2).Within(0.02), $"{file}: epoch 1's mean at x = 0.625");
            Assert.That(means[1], Is.EqualTo((steps[5] + steps[6]) / 2).Within(0.02), $"{file}: epoch 2's mean at x = 1.625");
        }
    }

    [Test]
    public void EveryFamilyReadsSettingsThatExist()
    {
        using var json = System.Text.Json.JsonDocument.Parse(new RunConfig().ToJson());
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        foreach (var family in ExperimentRegistry.Families)
        {
            Assert.That(keys, Is.SupersetOf(family.Settings), family.Name);
            Assert.That(family.Settings, Is.Unique.And.Contains("model").And.Contains("epochs"), family.Name);
        }
        Assert.That(Family("vae").Settings, Does.Contain("kl-weight").And.Not.Contain("beta").And.Not.Contain("factor").And.Not.Contain("class"));
        Assert.That(Family("sparse-l1").Settings, Does.Contain("beta").And.Not.Contain("sparsity-target").And.Not.Contain("kl-weight"));
        Assert.That(Family("sparse-kl").Settings, Does.Contain("sparsity-target"));
        Assert.That(Family("superres").Settings, Does.Contain("factor").And.Not.Contain("latent"));
        Assert.That(Family("cae-toy").Settings, Does.Not.Contain("dataset").And.Not.Contain("limit").And.Not.Contain("batch-size"));
    }

    private static ExperimentFamily Family(string name) => ExperimentRegistry.Find(name);

    /// <summary>The x pixel positions of each series polyline of an SVG line plot, in drawing order.</summary>
    private static List<double[]> Polylines(string svg) =>
        Regex.Matches(svg, "<polyline points=\"([^\"]*)\"[^>]*class=\"series\"").Select(m => m.Groups[1].Value.Split(' ')
            .Select(p => double.Parse(p.Split(',')[0], CultureInfo.InvariantCulture)).ToArray()).ToList();

    private static bool Inked(Image image, int left, int top, int width, int height) =>
        Enumerable.Range(left, width).Any(x => Enumerable.Range(top, height).Any(y => image.GetRgb(x, y).R < 128));
}
