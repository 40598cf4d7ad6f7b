// The disentangled AAE's figures: reconstructions, loss curves, a style x label grid (rows: the style of a test image,
// columns: the ten labels); latent 2: z by class with the prior's support, and its GIF epoch by epoch. Metrics: the label
// head's test accuracy, a probe's accuracy reading the label from z (LatentProbe), the test codes inside the prior.
// N = images, H, W = height, width, Z = style size, K = classes.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class AaeDisentangledFigures
{
    public static void Write(AaeDisentangledExperiment experiment, DisentangledAdversarialAutoencoder model, RunFolder run, Dataset test,
        ReportPage report)
    {
        var prior = experiment.Prior;
        int h = test.Height, w = test.Width, k = model.Classes, z = experiment.Config.Latent;
        var names = test.ClassNames;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var pickLabels = picks.Select(i => test.Labels[i]).ToArray();
        var pickNames = pickLabels.Select(l => names[l]).ToList();
        Figures.SaveRows(run.File("reconstructions.png"),
            [originals, Figures.Apply(model, x => model.Decode(model.Encode(x).Style, pickLabels), originals, h, w, batchSize: picks.Length)],
            h, w, ["original", "reconstructed"], pickNames);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions from their style and their own label (bottom).", FigureGroup.Reconstruction);
        Figures.LossCurves(run, report, experiment.Terms);

        var styles = Figures.Apply(model, x => model.Encode(x).Style, test.Images, h, w);               // (N, Z)
        var logits = Figures.Apply(model, x => model.Encode(x).Logits, test.Images, h, w);              // (N, K)
        report.AddMetric("test accuracy of the label head", Classifier.Accuracy(Classifier.ArgMax(logits, k), test.Labels));
        report.AddMetric("probe accuracy: label read from the style z (trained on half the test set, scored on the other)",
            LatentProbe.Accuracy(styles, z, test.Labels, k, experiment.Config.Seed));
        report.AddMetric($"test styles inside the support of the prior ({prior.Name})", prior.FractionInside(styles));

        // Style x label: row r decodes the style of test image r with every label.
        int[] everyLabel = [.. Enumerable.Range(0, k)];
        var grid = new List<float[]>();
        foreach (int r in Enumerable.Range(0, picks.Length))
        {
            var style = styles.AsSpan(picks[r] * z, z).ToArray();
            var codes = Enumerable.Range(0, k).SelectMany(_ => style).ToArray();
            var decoded = Figures.Decode(model, x => model.Decode(x, everyLabel), codes, z, batchSize: k);
            grid.Add([.. originals.AsSpan(r * h * w, h * w), .. decoded]);
        }
        Figures.SaveRows(run.File("style-label-grid.png"), grid, h, w, pickNames, ["source", .. names]);
        report.AddFigure("style-label-grid.png", "Style x label: each row keeps the style z of one test image (left) and decodes it with each of the ten labels.", FigureGroup.Lead);

        if (z == 2)
        {
            Figures.PriorScatter(run.File("latent.svg"), styles, test.Labels, names, prior, $"Test styles and the support of the {prior.Name} prior");
            report.AddFigure("latent.svg", "The test set's style codes coloured by class: mixed, since the label travels outside z.", FigureGroup.Lead);
            if (LatentTrail.Animate(run, test, prior.Outline(), "latent-epochs.gif"))
            {
                report.AddFigure("latent-epochs.gif", "The style codes of the first test images after each epoch.");
            }
        }
    }
}
