// "cvae": the conditional VAE, loss = BCE(x_hat, x) + w KL, the decoder reading z and the one-hot label. Its figures
// (and, with --judge, the conditional accuracy) are CvaeFigures, beside it. N = images, Z = latent size, K = classes.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class CvaeExperiment : Experiment
{
    private readonly ConditionalVariationalAutoencoder _model;
    private readonly Generator _eps;   // the reparametrization noise

    public CvaeExperiment(RunConfig config, ImageShape image, IReadOnlyList<string> classNames)
        : base(config)
    {
        _model = new ConditionalVariationalAutoencoder(config.Latent, image, classNames.Count);
        _eps = new Generator(config.Seed ^ RandomStreams.Eps);
    }

    public override Module Model => _model;

    public override string Description =>
        $"Conditional VAE, latent {Config.Latent}: the decoder reads z and the one-hot label; loss = BCE ({Config.ReconstructionReduction}) " +
        $"+ {Config.KlWeight} x KL ({Config.KlReduction}).";

    public override IReadOnlyList<Generator> Generators => [_eps];

    public override IReadOnlyList<string> Terms => ["total", "bce", "kl"];

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var (reconstruction, mu, logVar) = _model.Forward(batch.Items, batch.Labels, _eps);
        var (total, bce, kl) = ConditionalVariationalAutoencoder.Loss(reconstruction, batch.Items, mu, logVar, Config.KlWeight,
            Config.ReconstructionReduction, Config.KlReduction);
        return new LossTerms(total, [("total", total), ("bce", bce), ("kl", kl)]);
    }

    /// <summary>Reconstructions from z = mu with each image's own label.</summary>
    public override float[] Outputs(Dataset test, int count)
    {
        var images = test.Images.AsSpan(0, count * test.PixelsPerImage).ToArray();
        return ConditionalGeneration.Decode(_model, ConditionalGeneration.Encode(_model, images).Mu, test.Labels[..count]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => CvaeFigures.Write(this, _model, run, test, report);
}
