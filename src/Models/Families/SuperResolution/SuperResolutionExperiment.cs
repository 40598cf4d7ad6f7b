// "superres": the super-resolution AE (--factor 2: 14 x 14 in, 4: 7 x 7 in, area averaging), trained with
// MSE(x_hat, x) against the 28 x 28 original; its figures: SuperResolutionFigures.
// B = batch, C = channels, H, W = height, width (h, w of the input).
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class SuperResolutionExperiment : Experiment
{
    /// <summary>Its registry row: it has no latent size (its code is the network's own, SuperResolutionAutoencoder.Features).</summary>
    public static ExperimentFamily Family { get; } =
        new("superres", "super-resolution AE: area-averaged input (--factor 2 or 4), the 28x28 original out",
            (c, d) => new SuperResolutionExperiment(c, ExperimentFamily.Image(d)))
        {
            DefaultLatent = SuperResolutionAutoencoder.Features, DefaultLearningRate = 1e-3f,
            RunSettings = [.. ExperimentFamily.CommonSettings.Where(k => k != "latent")],
        };

    private readonly SuperResolutionAutoencoder _model;

    public SuperResolutionExperiment(RunConfig config, ImageShape image)
        : base(config)
    {
        _model = new SuperResolutionAutoencoder(config.SuperResolution.Factor, image);
    }

    public override Module Model => _model;

    public override string Description =>
        $"Super-resolution autoencoder x{_model.Factor}: {_model.Input.Height} x {_model.Input.Width} (area averaging) in, " +
        $"{_model.Target.Height} x {_model.Target.Width} out; loss = MSE.";

    public override IReadOnlyList<string> Terms => ["mse"];

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var low = Tensor.FromArray(_model.LowResolution(batch.Source.Images, batch.Count),
            new Shape(batch.Count, _model.Input.Channels, _model.Input.Height, _model.Input.Width));   // (B, C, h, w)
        return LossTerms.Single("mse", SuperResolutionAutoencoder.Loss(_model.Forward(low), batch.Items));
    }

    public override float[] Outputs(Dataset test, int count) =>
        SuperResolutionEvaluation.Upscale(_model, _model.LowResolution(test.Images.AsSpan(0, count * test.PixelsPerImage).ToArray(), count));

    /// <summary>PSNR (dB) and SSIM of ours, bilinear and bicubic on the test images.</summary>
    public override IReadOnlyList<KeyValuePair<string, double>> TestMetrics(Dataset test) =>
        SuperResolutionEvaluation.Score(_model, test.Images)
            .SelectMany(score => new KeyValuePair<string, double>[] { new($"PSNR (dB), {score.Method}", score.Psnr), new($"SSIM, {score.Method}", score.Ssim) })
            .ToArray();

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => SuperResolutionFigures.Write(this, _model, run, test, report);
}
