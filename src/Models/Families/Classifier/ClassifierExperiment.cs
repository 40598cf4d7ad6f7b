// "classifier": the course encoder with a linear head over the K classes, trained with cross-entropy; the judge of
// conditional generation. Loss = CE(logits, y); the batch accuracy is logged beside it.
// Its figures are ClassifierFigures, beside it.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class ClassifierExperiment : Experiment
{
    /// <summary>Its registry row: its "latent" is the feature count before the head.</summary>
    public static ExperimentFamily Family { get; } =
        new("classifier", "course encoder + linear head, cross-entropy (the judge of conditional generation)",
            (c, d) => new ClassifierExperiment(c, ExperimentFamily.Image(d), d.ClassCount))
        {
            DefaultLatent = Classifier.DefaultFeatures, DefaultLearningRate = 1e-3f, NeedsLabels = true,
        };

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

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => ClassifierFigures.Write(this, _model, run, test, report);
}
