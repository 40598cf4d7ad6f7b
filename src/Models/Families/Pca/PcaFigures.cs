// The PCA baseline's figures and scores: the cumulative explained variance, test reconstructions from a few K, denoising
// by projection (test images with Gaussian noise of sigma --noise, their reconstructions, the clean images), the first 20
// components as images, and pca.safetensors (mean, kept components, eigenvalues) for use outside the engine.
// D = pixels, K = components kept.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public static class PcaFigures
{
    /// <summary>The denoising test: noisy test images (N, D), their reconstructions from K components (N, D) and the scores against the clean images.</summary>
    public sealed record DenoisingTest(float[] Noisy, float[] Denoised, IReadOnlyList<KeyValuePair<string, double>> Metrics);

    /// <summary>Test images with Gaussian noise of sigma --noise (a fixed draw of the run's seed), denoised by projection onto K components.</summary>
    public static DenoisingTest Denoising(PcaExperiment experiment, Dataset test)
    {
        var model = (PcaModel)experiment.Model;
        var fit = model.Fit ?? throw new InvalidOperationException("The PCA model is not fitted yet.");
        var noisy = ImageTransforms.GaussianNoise(test.Images, Noise(experiment), experiment.Config.Seed ^ RandomStreams.Test, 0);
        var denoised = Clamp(fit.Reconstruct(noisy, model.Kept));
        return new DenoisingTest(noisy, denoised,
        [
            new("noisy MSE (input vs clean)", Mse(noisy, test.Images)),
            new("denoised MSE (vs clean)", Mse(denoised, test.Images)),
            new("denoised BCE (vs clean)", Bce(denoised, test.Images)),
        ]);
    }

    /// <summary>Writes every figure and pca.safetensors into the run folder and adds them and the scores to the report.</summary>
    public static void Write(PcaExperiment experiment, PcaModel model, RunFolder run, Dataset test, ReportPage report)
    {
        var fit = model.Fit ?? throw new InvalidOperationException("The PCA model is not fitted yet.");
        int k = model.Kept, d = fit.Dimension, h = test.Height, w = test.Width;
        double kept = fit.CumulativeExplained[k - 1];
        float noise = Noise(experiment);

        var reconstructions = Clamp(fit.Reconstruct(test.Images, k));
        var denoising = Denoising(experiment, test);
        report.AddMetric("components kept (K)", k).AddMetric("share of the variance kept", kept)
              .AddMetric("test reconstruction MSE", Mse(reconstructions, test.Images))
              .AddMetric("test reconstruction BCE", Bce(reconstructions, test.Images));
        foreach (var (name, value) in denoising.Metrics) report.AddMetric($"test {name}", value);

        WriteVarianceCurve(fit, k, model.Options.KeptShare(), run.File("explained-variance.svg"));
        report.AddFigure("explained-variance.svg", $"Share of the training images' variance kept by the first K components; K = {k} keeps {kept:P1}.",
            FigureGroup.Lead);

        var picks = Figures.OnePerClass(test);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        var originals = Figures.Gather(test, picks);
        var ks = new[] { 2, 10, 50 }.Where(x => x < k).Append(k).ToList();
        var rows = new List<float[]> { originals };
        rows.AddRange(ks.Select(x => Clamp(fit.Reconstruct(originals, x))));
        Figures.SaveRows(run.File("reconstructions.png"), rows, h, w, ["original", .. ks.Select(x => $"K = {x}")], names, scale: 3);
        report.AddFigure("reconstructions.png", $"Test images (top) and their PCA reconstructions from K components (last row: K = {k}).",
            FigureGroup.Reconstruction);

        var noisyPicks = Figures.Gather(new Dataset(denoising.Noisy, test.Labels, h, w, test.ClassNames), picks);
        Figures.SaveRows(run.File("denoising.png"), [noisyPicks, Clamp(fit.Reconstruct(noisyPicks, k)), originals], h, w,
            ["noisy", "PCA", "clean"], names, scale: 3);
        report.AddFigure("denoising.png", $"Denoising by projection: test images with Gaussian noise sigma {noise} (top), " +
                                          $"their reconstruction from {k} components, and the clean images.");

        var components = Enumerable.Range(0, Math.Min(20, d)).Select(r => fit.Components.AsSpan(r * d, d).ToArray()).ToList();
        var maps = components.Select(m => Heatmap.Render(m, w, h, -m.Max(Math.Abs), m.Max(Math.Abs))).ToArray();
        Png.Write(run.File("components.png"), ImageGrid.FromRows([maps[..(maps.Length / 2)], maps[(maps.Length / 2)..]],
            new GridOptions { Scale = 3 }));
        report.AddFigure("components.png", "The first 20 principal components (eigen-images), in order, left to right; each on its own symmetric scale (0 is the middle colour).");

        SafetensorsFile.Write(run.File("pca.safetensors"),
        [
            SafetensorsTensor.FromFloats("mean", fit.Mean, [d]),
            SafetensorsTensor.FromFloats("components", fit.Components.AsSpan(0, k * d).ToArray(), [k, d]),
            SafetensorsTensor.FromFloats("eigenvalues", fit.Eigenvalues.Select(v => (float)v).ToArray(), [d]),
        ], new Dictionary<string, string> { ["model"] = "pca", ["components"] = k.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    /// <summary>The denoising test's sigma: --noise, the setting pca shares with the reconstructing AEs.</summary>
    private static float Noise(PcaExperiment experiment) => experiment.Config.Autoencoder.Noise;

    private static void WriteVarianceCurve(Pca fit, int k, double? share, string path)
    {
        int shown = Math.Min(fit.Dimension, Math.Max(100, 3 * k));
        var xs = Enumerable.Range(1, shown).Select(i => (double)i).ToList();
        var plot = new LinePlot { Title = "Cumulative explained variance", XLabel = "components K", YLabel = "share of variance" };
        plot.AddSeries("cumulative", xs, fit.CumulativeExplained.Take(shown).ToList());
        plot.AddSeries($"K = {k}", [k, k], [0, fit.CumulativeExplained[k - 1]], dashed: true);
        if (share is double s) plot.AddSeries($"{s:P0}", [1, shown], [s, s], dashed: true);
        plot.Save(path);
    }

    private static float[] Clamp(float[] values) => values.Select(v => Math.Clamp(v, 0f, 1f)).ToArray();

    private static double Mse(float[] a, float[] b) => a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Average();

    /// <summary>Mean binary cross-entropy, logs clamped at -100 as in PyTorch's BCELoss.</summary>
    private static double Bce(float[] prediction, float[] target) => prediction.Zip(target, (p, t) =>
        -(t * Math.Max(Math.Log(p), -100) + (1 - t) * Math.Max(Math.Log(1 - p), -100))).Average();
}
