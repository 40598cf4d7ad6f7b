// The sparse autoencoders' figures: reconstructions, the mean activation map of each class (side by side, one shared
// colour scale), histograms of all activations and of each unit's mean activation, and loss curves (also per step).
// N = images, Z = code units, H, W = height, width.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class SparseFigures
{
    public static void Write(SparseExperiment experiment, SparseAutoencoder model, RunFolder run, Dataset test, ReportPage report)
    {
        int h = test.Height, w = test.Width, z = experiment.Config.Latent;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        var reconstructions = Figures.Apply(model, model.Forward, originals, h, w);
        Figures.SaveRows(run.File("reconstructions.png"), [originals, reconstructions], h, w, ["original", "reconstructed"], names, scale: 3);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions (bottom), one per class.", FigureGroup.Reconstruction);

        var activations = Figures.Apply(model, x => model.Activate(model.Encode(x)), test.Images, h, w);   // (N, Z)
        string mapping = model.Mapping;
        WriteClassMaps(run, report, test, activations, z, mapping);

        var unitMeans = ColumnMeans(activations, z, Enumerable.Range(0, test.Count));
        report.AddMetric("test mean activation", unitMeans.Average());
        report.AddMetric("test share of activations > 0.5", activations.Count(a => a > 0.5f) / (double)activations.Length);
        new Histogram(bins: 40) { Title = $"Activations {mapping} over the test set", XLabel = "activation", YLabel = "% of values", RangeMin = 0 }
            .AddSeries("all units, all images", activations).Save(run.File("activation-histogram.svg"));
        report.AddFigure("activation-histogram.svg", $"Every activation {mapping} of every test image: a sparse code piles up near 0.");
        new Histogram(bins: 40) { Title = "Mean activation of each unit over the test set", XLabel = "mean activation", YLabel = "% of units", RangeMin = 0 }
            .AddSeries($"{z} units", unitMeans).Save(run.File("unit-mean-histogram.svg"));
        string target = model.Penalty == SparsityPenalty.Kl ? $" The KL penalty pulls each mean towards rho = {experiment.Config.Sparse.SparsityTarget}." : "";
        report.AddFigure("unit-mean-histogram.svg", $"Each of the {z} units' mean activation over the test set.{target}");

        Figures.LossCurves(run, report, experiment.Terms);
        WriteStepCurves(run, report, experiment.Terms);
    }

    /// <summary>Every term per training step on a log scale: the sparsity term starts hundreds of times larger than BCE.</summary>
    private static void WriteStepCurves(RunFolder run, ReportPage report, IReadOnlyList<string> terms)
    {
        var steps = MetricsLog.Read(run.Metrics, "step");
        if (steps.Count == 0) return;
        var plot = new LinePlot { Title = "Loss terms per training step", XLabel = "step", YLabel = "loss (log scale)", LogY = true };
        var xs = steps.Select(r => (double)r.Step).ToList();
        for (int t = 0; t < terms.Count; t++) plot.AddSeries(terms[t], xs, steps.Select(r => Math.Max(r.Values[t], 1e-6)).ToList());
        plot.Save(run.File("loss-steps.svg"));
        report.AddFigure("loss-steps.svg", "The loss terms of every training batch (total = bce + beta x sparsity).", FigureGroup.Curve);
    }

    /// <summary>One heatmap per class of the mean activation of each unit, laid out on a square (30 x 30 for Z = 900).</summary>
    private static void WriteClassMaps(RunFolder run, ReportPage report, Dataset test, float[] activations, int z, string mapping)
    {
        int side = (int)Math.Ceiling(Math.Sqrt(z));
        var classes = Enumerable.Range(0, test.ClassCount).Where(k => test.Labels.Contains(k)).ToList();
        var maps = classes.Select(k =>
        {
            var means = ColumnMeans(activations, z, Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == k));
            var map = Enumerable.Repeat(float.NaN, side * side).ToArray();                 // NaN pads a non-square Z
            means.CopyTo(map, 0);
            return map;
        }).ToList();
        // One shared scale from the smallest mean to the 99th percentile: a few very active units would otherwise turn
        // every other unit of every map the bottom colour. Values above it are drawn at the top colour.
        var finite = maps.SelectMany(m => m).Where(float.IsFinite).Order().ToArray();
        float low = finite[0], high = finite[(int)(0.99 * (finite.Length - 1))];
        bool clipped = high < finite[^1];
        if (!(high > low)) (high, clipped) = (finite[^1], false);
        var images = maps.Select(m => Heatmap.Render(m, side, side, low, high)).ToList();
        var grid = ImageGrid.FromRows([images], new GridOptions { Scale = 3, ColumnLabels = classes.Select(k => test.ClassNames[k]).ToList() });
        Png.Write(run.File("class-activations.png"), WithColorBar(grid, $"{low:G3}", clipped ? $">= {high:G3}" : $"{high:G3}"));
        report.AddFigure("class-activations.png",
            $"Mean activation {mapping} of each of the {z} code units ({side} x {side}) over the test images of each class; " +
            $"one viridis scale for all maps, from {low:G3} (dark) to {high:G3} (yellow)" +
            (clipped ? $"; the top 1% of values, up to {finite[^1]:G3}, are drawn yellow too." : "."));
    }

    /// <summary>The grid with a colour bar under it, its ends labelled with the shared range.</summary>
    private static Image WithColorBar(Image grid, string low, string high)
    {
        int barWidth = Math.Min(300, grid.Width / 2), barHeight = 10, lineHeight = BitmapFont.LineHeight;
        var canvas = new Image(grid.Width, grid.Height + lineHeight + 8, 3);
        canvas.FillRectangle(0, 0, canvas.Width, canvas.Height, Rgb.White);
        canvas.Paste(grid.ToChannels(3), 0, 0);
        int left = (grid.Width - barWidth) / 2, top = grid.Height + 4 + (lineHeight - barHeight) / 2;
        canvas.Paste(Heatmap.ColorBar(barWidth, barHeight), left, top);
        var ink = new Rgb(30, 30, 30);
        BitmapFont.Draw(canvas, low, left - 6 - BitmapFont.Measure(low), top + (barHeight - lineHeight) / 2, ink);
        BitmapFont.Draw(canvas, high, left + barWidth + 6, top + (barHeight - lineHeight) / 2, ink);
        return canvas;
    }

    /// <summary>Mean over the given rows of a row-major (N, Z) array: (Z).</summary>
    private static float[] ColumnMeans(float[] values, int columns, IEnumerable<int> rows)
    {
        var sums = new double[columns];
        int count = 0;
        foreach (int row in rows)
        {
            for (int j = 0; j < columns; j++) sums[j] += values[row * columns + j];
            count++;
        }
        return sums.Select(s => (float)(s / Math.Max(count, 1))).ToArray();
    }
}
