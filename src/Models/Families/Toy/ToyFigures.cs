// The toy's figures: the validation MSE of both models and their final learning rates, loss curves, the noisy points by
// label with the two true curves, and each model's reconstructions of the test points. N = points.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class ToyFigures
{
    public static void Write(ToyExperiment experiment, RunFolder run, Dataset test, ReportPage report)
    {
        var testRows = MetricsLog.Read(run.Metrics, "test");
        if (testRows.Count > 0)
        {
            double u = testRows[^1].Values[1], c = testRows[^1].Values[2];
            report.AddMetric("validation MSE, unconditional", u).AddMetric("validation MSE, conditional", c)
                  .AddMetric("conditional / unconditional validation MSE", c / u).AddMetric("epochs run", testRows[^1].Epoch);
        }
        if (File.Exists(run.TrainingState))                        // the learning rates the schedulers left (`report` loads no optimizer)
        {
            var saved = Nn.Checkpoints.SafetensorsFile.Read(run.TrainingState).Metadata;
            foreach (var o in experiment.Optimizers)
            {
                if (saved.TryGetValue($"optimizer-{o.Name}_learning_rate", out var rate)
                    && double.TryParse(rate, System.Globalization.CultureInfo.InvariantCulture, out double value))
                {
                    report.AddMetric($"final learning rate, {o.Name}", value);
                }
            }
        }
        Figures.LossCurves(run, report, experiment.Terms);

        var (sineCurve, circleCurve) = ToyData.Curves();
        var (unconditionalPoints, conditionalPoints) = experiment.Reconstruct(test);
        void Panel(string file, string title, float[] points)
        {
            var plot = ScatterPlot.ByClass(Xs(points), Ys(points), test.Labels, ToyData.ClassNames, radius: 1.5);
            plot.AddSeries("y = sin x", Xs(sineCurve), Ys(sineCurve), Rgb.Black, radius: 0.8, opacity: 1)
                .AddSeries("circle", Xs(circleCurve), Ys(circleCurve), Rgb.Black, radius: 0.8, opacity: 1);
            (plot.Title, plot.XLabel, plot.YLabel, plot.Width, plot.Height) = (title, "x", "y", 900, 450);   // about one unit per unit: the circle looks round
            plot.Save(run.File(file));
        }
        Panel("toy-data.svg", "Test points (noisy) and the true curves", test.Images);
        Panel("toy-unconditional.svg", "Unconditional AE: reconstructions of the test points", unconditionalPoints);
        Panel("toy-conditional.svg", "Conditional AE: reconstructions of the test points", conditionalPoints);
        report.AddFigure("toy-data.svg", "The validation points coloured by label (0 sine, 1 circle) with the two true curves (black).", FigureGroup.Lead);
        report.AddFigure("toy-unconditional.svg", "The unconditional model's reconstructions: one code cannot tell the curves apart where they overlap.", FigureGroup.Reconstruction);
        report.AddFigure("toy-conditional.svg", "The conditional model's reconstructions: with the label, each point goes back to its own curve.", FigureGroup.Reconstruction);
    }

    private static float[] Xs(float[] points) => Enumerable.Range(0, points.Length / 2).Select(i => points[2 * i]).ToArray();

    private static float[] Ys(float[] points) => Enumerable.Range(0, points.Length / 2).Select(i => points[2 * i + 1]).ToArray();
}
