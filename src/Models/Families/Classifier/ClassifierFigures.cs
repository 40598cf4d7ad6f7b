// The classifier's figures: loss curves, one test image per class with its predicted class, and the test accuracy
// overall and per class.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class ClassifierFigures
{
    public static void Write(ClassifierExperiment experiment, Classifier model, RunFolder run, Dataset test,
        ReportPage report)
    {
        Figures.LossCurves(run, report, experiment.Terms);
        var logits = Figures.Apply(model, model.Forward, test.Images, test.Height, test.Width);
        var predicted = Classifier.ArgMax(logits, model.Classes);
        report.AddMetric("test accuracy", Classifier.Accuracy(predicted, test.Labels));
        for (int k = 0; k < test.ClassCount; k++)
        {
            var ofClass = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == k).ToArray();
            if (ofClass.Length == 0) continue;
            report.AddMetric($"test accuracy, {test.ClassNames[k]}", ofClass.Count(i => predicted[i] == k) / (double)ofClass.Length);
        }
        var picks = Figures.OnePerClass(test);
        var names = picks.Select(i => $"{test.ClassNames[test.Labels[i]]} -> {test.ClassNames[predicted[i]]}").ToList();
        Figures.SaveRows(run.File("predictions.png"), [Figures.Gather(test, picks)], test.Height, test.Width, ["test image"], names);
        report.AddFigure("predictions.png", "One test image per class, labelled true class -> predicted class.");
    }
}
