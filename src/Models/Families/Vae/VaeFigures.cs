// The VAE's figures: reconstructions, denoising, loss curves; latent 2: scatter of mu by class and a 20x20 grid decoded
// over [-2, 2]^2; KL-only: histograms of mu and var; otherwise samples decoded from the prior. H, W = height, width.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class VaeFigures
{
    public static void Write(VaeExperiment experiment, VariationalAutoencoder model, RunFolder run, Dataset test, ReportPage report)
    {
        var config = experiment.Config;
        int h = test.Height, w = test.Width, z = config.Latent;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        // The engine decodes z = mu; the notebook recipe a sample of q(z | x), as its evaluation does.
        bool sampled = experiment.SamplesInEvaluation;
        Func<Tensor, Tensor> forward = sampled ? x => model.Forward(x, experiment.EvaluationEps(0), sample: true).Reconstruction : model.Forward;
        string from = sampled ? "a sample z of q(z | x)" : "z = mu";
        var reconstructions = Figures.Apply(model, forward, originals, h, w);
        Figures.SaveRows(run.File("reconstructions.png"), [originals, reconstructions], h, w, ["original", "reconstructed"], names);
        report.AddFigure("reconstructions.png", $"Test images (top) and their reconstructions from {from} (bottom), one per class.", FigureGroup.Reconstruction);
        var noisy = ImageTransforms.GaussianNoise(originals, config.Autoencoder.Noise, config.Seed ^ RandomStreams.Test, 0);
        var denoised = Figures.Apply(model, forward, noisy, h, w);
        Figures.SaveRows(run.File("denoising.png"), [noisy, denoised, originals], h, w, ["noisy", "denoised", "clean"], names);
        report.AddFigure("denoising.png", $"Denoising: test images with Gaussian noise sigma {config.Autoencoder.Noise} (top), decoded from {from}, and the clean images.", FigureGroup.Reconstruction);
        Figures.LossCurves(run, report, experiment.Terms);

        var mu = Figures.Apply(model, x => model.Encode(x).Mu, test.Images, h, w);
        if (experiment.KlOnly)
        {
            var logVar = Figures.Apply(model, x => model.Encode(x).LogVar, test.Images, h, w);
            var variance = logVar.Select(MathF.Exp).ToArray();
            new Histogram { Title = "mu over the test set (all latent dimensions)", XLabel = "mu", YLabel = "% of values" }
                .AddSeries("mu", mu).Save(run.File("mu-histogram.svg"));
            new Histogram { Title = "var = exp(logVar) over the test set", XLabel = "var", YLabel = "% of values" }
                .AddSeries("var", variance).Save(run.File("var-histogram.svg"));
            report.AddFigure("mu-histogram.svg", "With only the KL term, every mu collapses to 0 ...");
            report.AddFigure("var-histogram.svg", "... and every variance to 1: the code says nothing about the input.");
        }
        if (z == 2)
        {
            Figures.LatentScatter(run.File("latent.svg"), mu, 2, test.Labels, test.ClassNames, "mu of the test set in the 2-D latent space");
            report.AddFigure("latent.svg", "The test set's mu in the 2-D latent space, coloured by class.", FigureGroup.Lead);
            const int side = 20;
            const float range = 2f;
            var (z1, z2) = Figures.LatentGridAxes(side, range);
            var grid = new float[side * side * 2];
            for (int row = 0; row < side; row++)
                for (int col = 0; col < side; col++)
                {
                    grid[(row * side + col) * 2] = z1[col];
                    grid[(row * side + col) * 2 + 1] = z2[row];
                }
            var decoded = Figures.Decode(model, model.Decode, grid, z, batchSize: side * side);
            Figures.SaveLatentGrid(run.File("latent-grid.png"), decoded, h, w, side, range);
            report.AddFigure("latent-grid.png", Figures.LatentGridCaption("Images decoded from a 20x20 grid of latent points over [-2, 2]^2.", side, range), FigureGroup.Lead);
        }
        else if (!experiment.KlOnly)
        {
            var prior = Tensor.RandN(new Shape(100, z), new Generator(config.Seed ^ RandomStreams.PriorFigure)).ToArray();
            var samples = Figures.Decode(model, model.Decode, prior, z, batchSize: 100);
            Png.Write(run.File("samples.png"), ImageGrid.FromBatch(samples, w, h, 10, options: new GridOptions { Scale = 2 }));
            report.AddFigure("samples.png", "100 images decoded from z ~ N(0, I).");
        }
    }
}
