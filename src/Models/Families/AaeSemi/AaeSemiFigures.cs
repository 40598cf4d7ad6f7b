// The semi-supervised AAE's figures: reconstructions, loss curves, the confusion matrix, the test accuracy per epoch
// beside the baseline's; metrics: the test accuracy of both. H, W = height, width, K = classes.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class AaeSemiFigures
{
    public static void Write(AaeSemiExperiment experiment, SemiSupervisedAdversarialAutoencoder model, RunFolder run, Dataset test,
        ReportPage report)
    {
        int h = test.Height, w = test.Width, k = model.Classes;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        Figures.SaveRows(run.File("reconstructions.png"), [originals, Figures.Apply(model, model.Forward, originals, h, w)], h, w,
            ["original", "reconstructed"], [.. picks.Select(i => test.ClassNames[test.Labels[i]])]);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions through z and y = softmax(logits) (bottom).", FigureGroup.Reconstruction);
        Figures.LossCurves(run, report, experiment.Terms);

        var predicted = Classifier.ArgMax(Figures.Apply(model, x => model.Encode(x).Logits, test.Images, h, w), k);
        var baseline = Classifier.ArgMax(Figures.Apply(model, model.Baseline.Forward, test.Images, h, w), k);
        double accuracy = Classifier.Accuracy(predicted, test.Labels), baselineAccuracy = Classifier.Accuracy(baseline, test.Labels);
        report.AddMetric("known training labels", experiment.Config.Aae.Labels);
        report.AddMetric("test accuracy, semi-supervised AAE", accuracy);
        report.AddMetric("test accuracy, supervised-only classifier (same labelled batches)", baselineAccuracy);
        report.AddMetric("test accuracy, AAE minus classifier", accuracy - baselineAccuracy);

        var confusion = new float[k * k];                                            // row: true class, column: predicted
        var perClass = new int[k];
        for (int i = 0; i < test.Count; i++) perClass[test.Labels[i]]++;
        for (int i = 0; i < test.Count; i++) confusion[test.Labels[i] * k + predicted[i]] += 1f / perClass[test.Labels[i]];
        const int cell = 32;
        var heat = Heatmap.Render(confusion, k, k, 0f, 1f).Scale(cell);
        var page = new Image(heat.Width + 16 + BitmapFont.CharWidth * 2, heat.Height + BitmapFont.LineHeight + 8, 3);
        page.FillRectangle(0, 0, page.Width, page.Height, Rgb.White);
        page.Paste(heat, 16 + BitmapFont.CharWidth * 2, BitmapFont.LineHeight + 8);
        for (int c = 0; c < k; c++)
        {
            string label = c.ToString(System.Globalization.CultureInfo.InvariantCulture);
            BitmapFont.Draw(page, label, 16 + BitmapFont.CharWidth * 2 + c * cell + cell / 2 - BitmapFont.Measure(label) / 2, 4, Rgb.Black);
            BitmapFont.Draw(page, label, 4, BitmapFont.LineHeight + 8 + c * cell + cell / 2 - BitmapFont.LineHeight / 2, Rgb.Black);
        }
        Png.Write(run.File("confusion.png"), page);
        report.AddFigure("confusion.png", "Confusion matrix of the semi-supervised AAE on the test set: row = true class, column = predicted " +
            $"(0..{k - 1}: {string.Join(", ", test.ClassNames)}), each row normalised (viridis: 0 dark, 1 yellow).");

        var rows = MetricsLog.Read(run.Metrics, "test");
        if (rows.Count > 0)
        {
            var epochs = rows.Select(r => (double)r.Epoch).ToList();
            new LinePlot { Title = "Test accuracy per epoch", XLabel = "epoch", YLabel = "accuracy" }
                .AddSeries("semi-supervised AAE", epochs, [.. rows.Select(r => r.Values[5])])
                .AddSeries($"classifier on the {experiment.Config.Aae.Labels:N0} labels alone", epochs, [.. rows.Select(r => r.Values[7])], dashed: true)
                .Save(run.File("accuracy.svg"));
            report.AddFigure("accuracy.svg", "Test accuracy after each epoch: the semi-supervised AAE and the supervised-only classifier trained on the same labelled batches.");
        }
    }
}
