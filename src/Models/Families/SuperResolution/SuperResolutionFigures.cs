// The super-resolution AE's figures: loss curves; for one test image per class the rows low-resolution input, bilinear,
// bicubic, ours, original; metrics: test PSNR and SSIM of ours, bilinear and bicubic.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class SuperResolutionFigures
{
    public static void Write(SuperResolutionExperiment experiment, SuperResolutionAutoencoder model, RunFolder run, Dataset test,
        ReportPage report)
    {
        Figures.LossCurves(run, report, experiment.Terms);
        foreach (var (name, value) in experiment.TestMetrics(test)) report.AddMetric($"test {name}", value);
        var picks = Figures.OnePerClass(test);
        var (rows, images) = SuperResolutionEvaluation.ComparisonRows(model, Figures.Gather(test, picks), picks.Length);
        int size = picks.Length * test.PixelsPerImage;
        var split = Enumerable.Range(0, rows.Count).Select(r => images.AsSpan(r * size, size).ToArray()).ToList();
        Figures.SaveRows(run.File("super-resolution.png"), split, test.Height, test.Width, rows,
            picks.Select(i => test.ClassNames[test.Labels[i]]).ToList());
        report.AddFigure("super-resolution.png", $"x{model.Factor} super-resolution of one test image per class: the low-resolution " +
            "input, bilinear, bicubic, the autoencoder, the original.");
    }
}
