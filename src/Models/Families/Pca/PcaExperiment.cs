// The PCA baseline (engine pca): fit PCA to the training images, keep K components (given, or the fewest keeping a share
// of the variance, 90% by default), and measure and show what a linear code does: the cumulative explained variance,
// reconstructions and denoising of the test set, the first components, and report.html with K and the test errors.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public sealed record PcaConfig
{
    /// <summary>Components to keep; null = the fewest keeping <see cref="Variance"/> of the variance.</summary>
    public int? Components { get; init; }
    public double Variance { get; init; } = 0.9;
    /// <summary>Gaussian noise sigma of the denoising test.</summary>
    public float Noise { get; init; } = 0.3f;
    public ulong Seed { get; init; } = 1;
    /// <summary>fashion or mnist (Engine.Nn.Data.Datasets).</summary>
    public string Dataset { get; init; } = Datasets.Default;
    public string? DataDir { get; init; }
    public int? Limit { get; init; }
    public int? TestLimit { get; init; }
}

public static class PcaExperiment
{
    /// <summary>Fits, evaluates and writes every figure and report.html into <paramref name="folder"/>; returns the report's path.</summary>
    public static string Run(PcaConfig config, string folder, Action<string> log)
    {
        if (!(config.Variance > 0 && config.Variance <= 1)) throw new ArgumentException($"--variance must be in (0, 1]; got {config.Variance}.");
        if (!(config.Noise >= 0)) throw new ArgumentException($"--noise must be >= 0; got {config.Noise}.");
        var data = Datasets.Load(config.Dataset, config.DataDir, log, config.Limit);
        var test = config.TestLimit is int t && t < data.Test.Count ? data.Test.Slice(0, t) : data.Test;
        int d = data.Train.PixelsPerImage, h = test.Height, w = test.Width;
        if (config.Components is int c && (c < 1 || c > d)) throw new ArgumentException($"--components must be in 1..{d}; got {c}.");
        log($"Fitting PCA to {data.Train.Count:N0} training images of {h}x{w} ({d} x {d} covariance).");
        var pca = Pca.Fit(data.Train.Images, d);
        int k = config.Components ?? pca.ComponentsFor(config.Variance);
        double kept = pca.CumulativeExplained[k - 1];
        log($"Keeping {k} components: {kept:P1} of the variance.");

        Directory.CreateDirectory(folder);
        var report = new ReportPage($"pca, {k} components") { Subtitle = $"PCA of the training images: {k} of {d} components keep {kept:P1} of the variance." };
        report.AddConfig("components", k).AddConfig("variance target", config.Components is null ? config.Variance : "none (--components given)")
            .AddConfig("variance kept", kept.ToString("P2")).AddConfig("training images", data.Train.Count).AddConfig("test images", test.Count)
            .AddConfig("noise sigma", config.Noise).AddConfig("seed", config.Seed).AddConfig("data", $"{data.Name}: {data.Source}");

        var reconstructions = Clamp(pca.Reconstruct(test.Images, k));
        var noisy = ImageTransforms.GaussianNoise(test.Images, config.Noise, config.Seed ^ RandomStreams.Test, 0);
        var denoised = Clamp(pca.Reconstruct(noisy, k));
        report.AddMetric("test reconstruction MSE", Mse(reconstructions, test.Images))
              .AddMetric("test reconstruction BCE", Bce(reconstructions, test.Images))
              .AddMetric("noisy test MSE (input vs clean)", Mse(noisy, test.Images))
              .AddMetric("denoised test MSE (vs clean)", Mse(denoised, test.Images))
              .AddMetric("denoised test BCE (vs clean)", Bce(denoised, test.Images));

        WriteVarianceCurve(pca, k, config, Path.Combine(folder, "explained-variance.svg"));
        report.AddFigure("explained-variance.svg", $"Share of the training images' variance kept by the first K components; K = {k} keeps {kept:P1}.");

        var picks = Figures.OnePerClass(test);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        var originals = Figures.Gather(test, picks);
        var ks = new[] { 2, 10, 50 }.Where(x => x < k).Append(k).ToList();
        var rows = new List<float[]> { originals };
        rows.AddRange(ks.Select(x => Clamp(pca.Reconstruct(originals, x))));
        Figures.SaveRows(Path.Combine(folder, "reconstructions.png"), rows, h, w, ["original", .. ks.Select(x => $"K = {x}")], names, scale: 3);
        report.AddFigure("reconstructions.png", $"Test images (top) and their PCA reconstructions from K components (last row: K = {k}).");

        var noisyPicks = Figures.Gather(new Dataset(noisy, test.Labels, h, w, test.ClassNames), picks);
        Figures.SaveRows(Path.Combine(folder, "denoising.png"), [noisyPicks, Clamp(pca.Reconstruct(noisyPicks, k)), originals], h, w,
            ["noisy", "PCA", "clean"], names, scale: 3);
        report.AddFigure("denoising.png", $"Denoising by projection: test images with Gaussian noise sigma {config.Noise} (top), " +
                                          $"their reconstruction from {k} components, and the clean images.");

        var components = Enumerable.Range(0, Math.Min(20, d)).Select(r => pca.Components.AsSpan(r * d, d).ToArray()).ToList();
        var maps = components.Select(m => Heatmap.Render(m, w, h, -m.Max(Math.Abs), m.Max(Math.Abs))).ToArray();
        Png.Write(Path.Combine(folder, "components.png"), ImageGrid.FromRows([maps[..(maps.Length / 2)], maps[(maps.Length / 2)..]],
            new GridOptions { Scale = 3 }));
        report.AddFigure("components.png", "The first 20 principal components (eigen-images), in order, left to right; each on its own symmetric scale (0 is the middle colour).");

        SafetensorsFile.Write(Path.Combine(folder, "pca.safetensors"),
        [
            SafetensorsTensor.FromFloats("mean", pca.Mean, [d]),
            SafetensorsTensor.FromFloats("components", pca.Components.AsSpan(0, k * d).ToArray(), [k, d]),
            SafetensorsTensor.FromFloats("eigenvalues", pca.Eigenvalues.Select(v => (float)v).ToArray(), [d]),
        ], new Dictionary<string, string> { ["model"] = "pca", ["components"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return report.Write(folder);
    }

    private static void WriteVarianceCurve(Pca pca, int k, PcaConfig config, string path)
    {
        int shown = Math.Min(pca.Dimension, Math.Max(100, 3 * k));
        var xs = Enumerable.Range(1, shown).Select(i => (double)i).ToList();
        var plot = new LinePlot { Title = "Cumulative explained variance", XLabel = "components K", YLabel = "share of variance" };
        plot.AddSeries("cumulative", xs, pca.CumulativeExplained.Take(shown).ToList());
        plot.AddSeries($"K = {k}", [k, k], [0, pca.CumulativeExplained[k - 1]], dashed: true);
        if (config.Components is null) plot.AddSeries($"{config.Variance:P0}", [1, shown], [config.Variance, config.Variance], dashed: true);
        plot.Save(path);
    }

    private static float[] Clamp(float[] values) => values.Select(v => Math.Clamp(v, 0f, 1f)).ToArray();

    private static double Mse(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average();

    /// <summary>Mean binary cross-entropy, logs clamped at -100 as in PyTorch's BCELoss.</summary>
    private static double Bce(float[] prediction, float[] target) => prediction.Zip(target, (p, t) =>
        -(t * Math.Max(Math.Log(p), -100) + (1 - t) * Math.Max(Math.Log(1 - p), -100))).Average();
}
