// Figure helpers shared by the families' figures: running a network over host images or codes in evaluation mode,
// picking one test image per class, image rows, loss curves from metrics.csv and latent scatter plots.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Memory;
using Engine.Models.Training;
using Engine.Nn.Data;

public static class Figures
{
    /// <summary>Applies <paramref name="network"/> to images (N, 1, H, W) in batches, without gradients, in eval mode.</summary>
    public static float[] Apply(Module model, Func<Tensor, Tensor> network, float[] images, int height, int width, int batchSize = 256)
    {
        int n = images.Length / (height * width);
        var outputs = new List<float>();
        using (model.Evaluating())
        {
            for (int start = 0; start < n; start += batchSize)
            {
                using var scope = TensorScope.Begin();
                int count = Math.Min(batchSize, n - start);
                var x = Tensor.FromArray(images.AsSpan(start * height * width, count * height * width).ToArray(),
                    new Shape(count, 1, height, width));
                outputs.AddRange(network(x).ToArray());
            }
        }
        return outputs.ToArray();
    }

    /// <summary>Applies <paramref name="decoder"/> to codes (N, Z) in batches, without gradients, in eval mode: images (N, C, H, W).</summary>
    public static float[] Decode(Module model, Func<Tensor, Tensor> decoder, float[] codes, int latent, int batchSize = 256)
    {
        int n = codes.Length / latent;
        var outputs = new List<float>();
        using (model.Evaluating())
        {
            for (int start = 0; start < n; start += batchSize)
            {
                using var scope = TensorScope.Begin();
                int count = Math.Min(batchSize, n - start);
                outputs.AddRange(decoder(Tensor.FromArray(codes.AsSpan(start * latent, count * latent).ToArray(), count, latent)).ToArray());
            }
        }
        return outputs.ToArray();
    }

    /// <summary>The index of the first test image of each class, in class order.</summary>
    public static int[] OnePerClass(Dataset data) =>
        Enumerable.Range(0, data.ClassCount).Select(k => Array.IndexOf(data.Labels, k)).Where(i => i >= 0).ToArray();

    public static float[] Gather(Dataset data, int[] indices) => indices.SelectMany(i => data.Image(i).ToArray()).ToArray();

    /// <summary>Writes rows of equally sized images (each row one float[] of N images) as one PNG grid.</summary>
    public static void SaveRows(string path, IReadOnlyList<float[]> rows, int height, int width, IReadOnlyList<string> rowLabels,
        IReadOnlyList<string>? columnLabels = null, int scale = 3)
    {
        int size = height * width;
        var grid = rows.Select(r => (IReadOnlyList<float[]>)Enumerable.Range(0, r.Length / size)
            .Select(i => r.AsSpan(i * size, size).ToArray()).ToList()).ToList();
        Png.Write(path, ImageGrid.FromRows(grid, width, height,
            new GridOptions { Scale = scale, RowLabels = rowLabels, ColumnLabels = columnLabels }));
    }

    /// <summary>
    /// The z value of each row and column of a <paramref name="side"/> x <paramref name="side"/> latent grid over
    /// [-range, range]^2: column c holds z1 = -range + 2 range c / (side - 1) (growing to the right), row r holds
    /// z2 = range - 2 range r / (side - 1) (growing upwards).
    /// </summary>
    public static (float[] Z1, float[] Z2) LatentGridAxes(int side, float range)
    {
        var z1 = Enumerable.Range(0, side).Select(c => -range + 2 * range * c / (side - 1)).ToArray();
        return (z1, z1.Reverse().ToArray());
    }

    /// <summary>
    /// Writes decoded latent-grid images [side * side, 1, H, W] (row by row, as <see cref="LatentGridAxes"/> lays z out) as a
    /// PNG: 2x up-scaled cells with 1-pixel gaps, each column labelled with its z1 and each row with its z2.
    /// </summary>
    public static void SaveLatentGrid(string path, float[] decoded, int height, int width, int side, float range)
    {
        var (z1, z2) = LatentGridAxes(side, range);
        static string Label(float v) => v.ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        Png.Write(path, ImageGrid.FromBatch(decoded, width, height, side, options: new GridOptions
        {
            Scale = 2, Padding = 1, CornerLabel = "z2 \\ z1", RowLabels = z2.Select(Label).ToArray(), ColumnLabels = z1.Select(Label).ToArray(),
        }));
    }

    /// <summary>The caption of a latent grid: what it shows, then how to read its axes.</summary>
    public static string LatentGridCaption(string what, int side, float range) =>
        $"{what} Columns: z1 from {-range:0.##} (left) to {range:0.##}; rows: z2 from {range:0.##} (top) to {-range:0.##}; " +
        $"{side} values each, labelled on the axes.";

    /// <summary>A loss plot gets a log-scale twin when its positive values span more than this ratio (two decades).</summary>
    public const double LogScaleRatio = 100;

    /// <summary>
    /// One SVG per loss term: the train loss of every step (x = fractional epoch: step k of n in epoch e at e - 1 + k / n), the
    /// train mean of each epoch at the middle of the steps it averages, and the test set after each epoch (x = e). A term whose
    /// values span more than two decades gets a second plot of the same curves on a log scale, so its late epochs stay readable
    /// (a static page: both plots are there, printed or opened offline, with no script).
    /// </summary>
    public static void LossCurves(RunFolder run, ReportPage report, IReadOnlyList<string> terms)
    {
        var steps = MetricsLog.Read(run.Metrics, "step");
        var train = MetricsLog.Read(run.Metrics, "train");
        var test = MetricsLog.Read(run.Metrics, "test");
        if (steps.Count == 0) return;
        var stepX = StepPositions(steps.Select(r => r.Epoch).ToList());
        var middle = EpochMiddles(steps.Select(r => r.Epoch).ToList(), stepX);
        var trainX = train.Select(r => middle.TryGetValue(r.Epoch, out double x) ? x : r.Epoch - 0.5).ToList();
        for (int t = 0; t < terms.Count; t++)
        {
            var perStep = steps.Select(r => r.Values[t]).ToList();
            var trainMeans = train.Select(r => r.Values[t]).ToList();
            var testValues = test.Select(r => r.Values[t]).ToList();
            LinePlot Plot(bool log)
            {
                var plot = new LinePlot
                {
                    Title = $"{terms[t]} during training" + (log ? " (log scale)" : ""), XLabel = "epoch", YLabel = terms[t], LogY = log,
                };
                plot.AddSeries("train, per step", stepX, perStep, new Rgb(160, 190, 220));
                plot.AddSeries("train, epoch mean (mid-epoch)", trainX, trainMeans);
                plot.AddSeries("test (end of epoch)", test.Select(r => (double)r.Epoch).ToList(), testValues, dashed: true);
                return plot;
            }
            string file = $"loss-{terms[t]}.svg";
            Plot(log: false).Save(run.File(file));
            report.AddFigure(file, $"Loss term '{terms[t]}': every training step (light), the mean over each epoch drawn at the middle of " +
                "the steps it averages, and the test set after each epoch.", FigureGroup.Curve);
            if (SpansDecades([.. perStep, .. trainMeans, .. testValues]))
            {
                string logFile = $"loss-{terms[t]}-log.svg";
                Plot(log: true).Save(run.File(logFile));
                report.AddFigure(logFile, $"Loss term '{terms[t]}' on a log scale: its values span more than two decades, so the linear " +
                    "plot flattens the later epochs.", FigureGroup.Curve);
            }
        }
    }

    /// <summary>x of each step row: step k of the n rows of epoch e sits at e - 1 + k / n.</summary>
    internal static List<double> StepPositions(IReadOnlyList<int> epochs)
    {
        var perEpoch = epochs.GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<int, int>();
        return epochs.Select(e =>
        {
            int index = seen[e] = seen.GetValueOrDefault(e) + 1;
            return e - 1 + (double)index / perEpoch[e];
        }).ToList();
    }

    /// <summary>
    /// Where each epoch's train mean is drawn: the mean x of the steps it averages, e - 1/2 + 1/(2n) for n steps (the middle
    /// of the epoch for many steps; on the step itself for the toy's one full-batch step per epoch).
    /// </summary>
    internal static Dictionary<int, double> EpochMiddles(IReadOnlyList<int> epochs, IReadOnlyList<double> stepX) =>
        epochs.Select((e, i) => (Epoch: e, X: stepX[i])).GroupBy(p => p.Epoch).ToDictionary(g => g.Key, g => g.Average(p => p.X));

    /// <summary>True when the positive finite values span more than <see cref="LogScaleRatio"/> (max / min).</summary>
    public static bool SpansDecades(IReadOnlyList<double> values)
    {
        var positive = values.Where(v => double.IsFinite(v) && v > 0).ToArray();
        return positive.Length >= 2 && positive.Max() / positive.Min() > LogScaleRatio;
    }

    /// <summary>A 2-D latent space of the test set, coloured by class.</summary>
    public static void LatentScatter(string path, float[] codes, int latent, int[] labels, IReadOnlyList<string> classNames, string title)
    {
        int n = labels.Length;
        var xs = new float[n];
        var ys = new float[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = codes[i * latent];
            ys[i] = codes[i * latent + 1];
        }
        var plot = ScatterPlot.ByClass(xs, ys, labels, classNames, radius: 1.5);
        plot.Title = title;
        plot.XLabel = "z1";
        plot.YLabel = "z2";
        plot.Width = 820;
        plot.Height = 620;
        plot.Save(path);
    }

    /// <summary>A 2-D latent space of the test set coloured by class, with the prior's support drawn over it in black.</summary>
    public static void PriorScatter(string path, float[] codes, int[] labels, IReadOnlyList<string> classNames, LatentPrior prior, string title)
    {
        var outline = prior.Outline();
        float[] Column(float[] pairs, int column) => [.. Enumerable.Range(0, pairs.Length / 2).Select(i => pairs[2 * i + column])];
        var plot = ScatterPlot.ByClass(Column(codes, 0), Column(codes, 1), labels, classNames, radius: 1.5);
        plot.AddSeries("prior support", Column(outline, 0), Column(outline, 1), Rgb.Black, radius: 0.6, opacity: 1);
        (plot.Title, plot.XLabel, plot.YLabel, plot.Width, plot.Height) = (title, "z1", "z2", 820, 620);
        plot.Save(path);
    }
}
