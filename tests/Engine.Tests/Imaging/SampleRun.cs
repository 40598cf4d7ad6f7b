// Writes a realistic run folder with every figure kind (grids, heatmaps, GIF, scatter, lines, histogram,
// toy reconstruction) from seeded synthetic data: what the report and browser tests look at.
using Engine.Imaging;

namespace Engine.Tests.Imaging;

internal static class SampleRun
{
    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static ReportPage Write(string folder)
    {
        var random = new Random(7);
        var originals = Enumerable.Range(0, 10).Select(i => TestImages.Blob(i / 9f)).ToArray();
        var reconstructions = originals.Select(o => o.Select(v => Math.Clamp(v * 0.8f + 0.1f * (float)random.NextDouble(), 0, 1)).ToArray()).ToArray();
        Png.Write(Path.Combine(folder, "reconstructions.png"), ImageGrid.FromRows([originals, reconstructions], 28, 28,
            new GridOptions { Scale = 2, RowLabels = ["original", "reconstructed"] }));

        float[] batch = Enumerable.Range(0, 64).SelectMany(i => TestImages.Blob(i / 63f)).ToArray();
        Png.Write(Path.Combine(folder, "latent-grid.png"), ImageGrid.FromBatch(batch, 28, 28, columns: 8, options: new GridOptions { Padding = 1, Invert = true }));

        Image[] frames = Enumerable.Range(0, 30).Select(i => Image.FromFloats(TestImages.Blob(i / 29f), 28, 28).Scale(4)).ToArray();
        Gif.Write(Path.Combine(folder, "interpolation.gif"), frames, delayMs: 60);

        float[][] activations = Enumerable.Range(0, 10).Select(k => Enumerable.Range(0, 900)
            .Select(j => (float)Math.Pow(random.NextDouble(), 3 + (j + k * 37) % 5)).ToArray()).ToArray();
        Png.Write(Path.Combine(folder, "activations.png"), ImageGrid.FromRows([Heatmap.RenderShared(activations, 30, 30)],
            new GridOptions { Scale = 3, Padding = 4, PaddingColor = Rgb.White, ColumnLabels = ClassNames }));

        int n = 3000;
        var labels = Enumerable.Range(0, n).Select(i => i % 10).ToArray();
        float[] zx = labels.Select(k => (float)(3 * Math.Cos(k * 0.63) + Gaussian(random))).ToArray();
        float[] zy = labels.Select(k => (float)(3 * Math.Sin(k * 0.63) + Gaussian(random))).ToArray();
        var latent = ScatterPlot.ByClass(zx, zy, labels, ClassNames);
        (latent.Title, latent.XLabel, latent.YLabel) = ("Latent space (test set)", "z1", "z2");
        latent.Save(Path.Combine(folder, "latent-space.svg"));

        double[] reconstruction = Enumerable.Range(0, 30).Select(e => 0.02 + 0.5 * Math.Exp(-e / 6.0)).ToArray();
        double[] kl = Enumerable.Range(0, 30).Select(e => 0.004 + 0.02 * Math.Exp(-e / 10.0)).ToArray();
        var losses = new LinePlot { Title = "Loss per epoch", XLabel = "epoch", YLabel = "loss", LogY = true };
        losses.AddSeries("reconstruction (train)", reconstruction).AddSeries("KL (train)", kl)
            .AddSeries("reconstruction (validation)", reconstruction.Select(v => v * 1.1).ToArray(), Palette.Category(0), dashed: true);
        losses.Save(Path.Combine(folder, "losses.svg"));

        float[] hidden = Enumerable.Range(0, 20000).Select(_ => (float)Math.Pow(random.NextDouble(), 4)).ToArray();
        var histogram = new Histogram(bins: 40) { Title = "Hidden activations", XLabel = "activation" };
        histogram.AddSeries("hidden units", hidden).Save(Path.Combine(folder, "activation-histogram.svg"));

        float[] tx = Enumerable.Range(0, 60).Select(i => (float)(i / 10.0 - 3)).ToArray();
        float[] ty = tx.Select(x => (float)(x * x / 3 + 0.3 * Gaussian(random))).ToArray();
        float[] rx = tx.Select(x => x * 0.95f).ToArray();
        float[] ry = tx.Select(x => x * x / 3.2f).ToArray();
        var toy = new ScatterPlot { Title = "Toy data: original and reconstructed", XLabel = "x1", YLabel = "x2" };
        toy.AddLinks(tx, ty, rx, ry).AddSeries("original", tx, ty, marker: Marker.Circle, radius: 3.5)
            .AddSeries("reconstructed", rx, ry, marker: Marker.Cross, radius: 3.5, opacity: 1);
        toy.Save(Path.Combine(folder, "toy-reconstruction.svg"));

        var report = new ReportPage("vae-fashion-mnist") { Subtitle = "Variational autoencoder, latent size 2, Fashion-MNIST" };
        report.AddConfig("model", "vae").AddConfig("latent size", 2).AddConfig("epochs", 30).AddConfig("learning rate", 0.001)
            .AddMetric("validation loss", 0.0435127).AddMetric("reconstruction", 0.0391).AddMetric("KL", 0.0044127);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions (bottom).")
            .AddFigure("latent-grid.png", "Decoder outputs on an 8x8 grid of latent points.")
            .AddFigure("interpolation.gif", "Interpolation between two latent codes.")
            .AddFigure("activations.png", "Mean hidden activation per class (30x30 units, shared viridis scale).")
            .AddFigure("latent-space.svg", "Latent means of 3000 test images, coloured by class.")
            .AddFigure("losses.svg", "Loss terms per epoch (log scale).")
            .AddFigure("activation-histogram.svg", "Distribution of hidden activations.")
            .AddFigure("toy-reconstruction.svg", "Toy 2-D data and its reconstruction.");
        return report;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()) * 0.6;
}
