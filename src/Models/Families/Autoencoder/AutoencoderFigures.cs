// The autoencoders' figures (ae, dae): reconstructions, denoising of noisy test images, loss curves, the probe reading the
// label from z, and the latent space when it is 2-D. H, W = height, width.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class AutoencoderFigures
{
    public static void Write(AutoencoderExperiment experiment, Autoencoder model, RunFolder run, Dataset test,
        ReportPage report)
    {
        var config = experiment.Config;
        int h = test.Height, w = test.Width;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        var reconstructions = Figures.Apply(model, model.Forward, originals, h, w);
        Figures.SaveRows(run.File("reconstructions.png"), [originals, reconstructions], h, w, ["original", "reconstructed"], names);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions (bottom), one per class.", FigureGroup.Reconstruction);

        var noisy = ImageTransforms.GaussianNoise(originals, config.Autoencoder.Noise, config.Seed ^ RandomStreams.Test, 0, experiment.ClampNoise);
        var denoised = Figures.Apply(model, model.Forward, noisy, h, w);
        Figures.SaveRows(run.File("denoising.png"), [noisy, denoised, originals], h, w, ["noisy", "denoised", "clean"], names);
        report.AddFigure("denoising.png", $"Denoising: test images with Gaussian noise sigma {config.Autoencoder.Noise}" +
            (experiment.ClampNoise ? " clamped to [0, 1]" : ", not clamped (the notebook's)") + " (top), the network's output, and the clean images.", FigureGroup.Reconstruction);

        Figures.LossCurves(run, report, experiment.Terms);
        foreach (var (name, value) in experiment.TestMetrics(test)) report.AddMetric($"test {name}", value);

        var codes = Figures.Apply(model, model.Encode, test.Images, h, w);
        if (test.ClassCount >= 2)
        {
            // What the code says about the class: the probe the disentangled AAE's style code is compared with.
            report.AddMetric("probe accuracy: label read from z (trained on half the test set, scored on the other)",
                LatentProbe.Accuracy(codes, config.Latent, test.Labels, test.ClassCount, config.Seed));
        }
        if (config.Latent == 2)
        {
            Figures.LatentScatter(run.File("latent.svg"), codes, 2, test.Labels, test.ClassNames, "Test set in the 2-D latent space");
            report.AddFigure("latent.svg", "The test set encoded into the 2-D latent space, coloured by class.", FigureGroup.Lead);
        }
    }
}
