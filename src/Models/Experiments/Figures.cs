// Figure helpers shared by the experiments: running a network over host images in evaluation mode, picking one
// test image per class, image rows, loss curves from metrics.csv and latent scatter plots.
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
        bool wasTraining = model.Training;
        model.Eval();
        using (NoGrad.Scope())
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
        model.Train(wasTraining);
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

    /// <summary>One SVG per loss term: the train loss of every step (x = fractional epoch), and train and test means per epoch.</summary>
    public static void LossCurves(RunFolder run, ReportPage report, IReadOnlyList<string> terms)
    {
        var steps = MetricsLog.Read(run.Metrics, "step");
        var train = MetricsLog.Read(run.Metrics, "train");
        var test = MetricsLog.Read(run.Metrics, "test");
        if (steps.Count == 0) return;
        var perEpoch = steps.GroupBy(r => r.Epoch).ToDictionary(g => g.Key, g => g.Count());
        var seen = new Dictionary<int, int>();
        var stepX = steps.Select(r =>
        {
            int index = seen[r.Epoch] = seen.GetValueOrDefault(r.Epoch) + 1;
            return r.Epoch - 1 + (double)index / perEpoch[r.Epoch];
        }).ToList();
        for (int t = 0; t < terms.Count; t++)
        {
            var plot = new LinePlot { Title = $"{terms[t]} during training", XLabel = "epoch", YLabel = terms[t] };
            plot.AddSeries("train, per step", stepX, steps.Select(r => r.Values[t]).ToList(), new Rgb(160, 190, 220));
            plot.AddSeries("train, epoch mean", train.Select(r => (double)r.Epoch).ToList(), train.Select(r => r.Values[t]).ToList());
            plot.AddSeries("test", test.Select(r => (double)r.Epoch).ToList(), test.Select(r => r.Values[t]).ToList(), dashed: true);
            string file = $"loss-{terms[t]}.svg";
            plot.Save(run.File(file));
            report.AddFigure(file, $"Loss term '{terms[t]}': every training step (light), the mean over each epoch, and the test set after each epoch.");
        }
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
