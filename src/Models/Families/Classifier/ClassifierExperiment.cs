// "classifier": the course encoder with a linear head over the K classes, trained with cross-entropy; the judge of
// conditional generation. Loss = CE(logits, y); the batch accuracy is logged beside it.
// Figures: loss curves, one test image per class with its predicted class, and the test accuracy per class.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class ClassifierExperiment : Experiment
{
    private readonly Classifier _model;

    public ClassifierExperiment(RunConfig config, ImageShape image, int classes)
        : base(config)
    {
        _model = new Classifier(image, classes, features: config.Latent);
    }

    public override Module Model => _model;

    public override string Description =>
        $"Classifier: the course encoder to {Config.Latent} features, LeakyReLU, Linear({Config.Latent}, {_model.Classes}); loss = cross-entropy.";

    public override IReadOnlyList<string> Terms => ["ce", "accuracy"];

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var logits = _model.Forward(batch.Items);                                           // (B, K)
        var ce = Classifier.Loss(logits, batch.Labels);
        float accuracy = Classifier.Accuracy(Classifier.ArgMax(logits.ToArray(), _model.Classes), batch.Labels);
        return new LossTerms(ce, [("ce", ce), ("accuracy", Tensor.FromArray([accuracy], 1))]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report)
    {
        Figures.LossCurves(run, report, Terms);
        var logits = Figures.Apply(_model, _model.Forward, test.Images, test.Height, test.Width);
        var predicted = Classifier.ArgMax(logits, _model.Classes);
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
