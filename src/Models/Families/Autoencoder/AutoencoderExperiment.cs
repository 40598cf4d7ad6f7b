// The autoencoder experiments: "ae" reconstructs its input; "dae" (denoising) reconstructs the clean image from an
// input corrupted with Gaussian noise of sigma --noise (clamped to [0, 1]). Loss = BCE(x_hat, x_clean).
// Figures: reconstructions, denoising of noisy test images, loss curves, and the latent space when it is 2-D.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class AutoencoderExperiment : ReconstructionExperiment, ILatentCode
{
    private readonly Autoencoder _model;
    private readonly Generator _noise;   // the denoising AE's corruption noise
    private float[] _noisy = [];         // the corrupted batch (B, 1, H, W), reused

    public AutoencoderExperiment(RunConfig config, ImageShape image, bool denoising)
        : base(config)
    {
        Denoising = denoising;
        _model = new Autoencoder(config.Latent, image);
        _noise = new Generator(config.Seed ^ 0x4E6F697365UL);                 // "Noise"
    }

    public bool Denoising { get; }

    public int Latent => Config.Latent;

    public bool IsVariational => false;

    public Tensor Encode(Tensor images) => _model.Encode(images);

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override Module Model => _model;

    public override string Description => Denoising
        ? $"Denoising autoencoder, latent {Config.Latent}: trained on inputs with Gaussian noise sigma {Config.Noise} against clean targets."
        : $"Autoencoder, latent {Config.Latent}: trained to reconstruct its input.";

    public override IReadOnlyList<Generator> Generators => [_noise];

    public override Tensor Input(Tensor clean, Batch batch, bool training)
    {
        if (!Denoising) return clean;
        if (_noisy.Length != batch.Images.Length) _noisy = new float[batch.Images.Length];   // reused across steps
        var noisy = _noisy;
        ulong offset = training ? _noise.Advance(noisy.Length) : (ulong)batch.Index * (ulong)noisy.Length;
        ulong seed = training ? _noise.Seed : _noise.Seed ^ 0x54657374UL;      // a fixed test corruption ("Test")
        ImageTransforms.GaussianNoise(batch.Images, Config.Noise, seed, offset, noisy);
        return Tensor.FromArray(noisy, clean.Shape);
    }

    public override IReadOnlyList<string> Terms => ["bce"];

    public override LossTerms Loss(Tensor input, Tensor target, bool training) =>
        LossTerms.Single("bce", Autoencoder.Loss(_model.Forward(input), target, Config.ReconstructionReduction));

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report)
    {
        int h = test.Height, w = test.Width;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        var reconstructions = Figures.Apply(_model, _model.Forward, originals, h, w);
        Figures.SaveRows(run.File("reconstructions.png"), [originals, reconstructions], h, w, ["original", "reconstructed"], names);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions (bottom), one per class.");

        var noisy = ImageTransforms.GaussianNoise(originals, Config.Noise, Config.Seed ^ 0x54657374UL, 0);
        var denoised = Figures.Apply(_model, _model.Forward, noisy, h, w);
        Figures.SaveRows(run.File("denoising.png"), [noisy, denoised, originals], h, w, ["noisy", "denoised", "clean"], names);
        report.AddFigure("denoising.png", $"Denoising: test images with Gaussian noise sigma {Config.Noise} (top), the network's output, and the clean images.");

        Figures.LossCurves(run, report, Terms);

        var codes = Figures.Apply(_model, _model.Encode, test.Images, h, w);
        if (test.ClassCount >= 2)
        {
            // What the code says about the class: the probe the disentangled AAE's style code is compared with.
            report.AddMetric("probe accuracy: label read from z (trained on half the test set, scored on the other)",
                LatentProbe.Accuracy(codes, Config.Latent, test.Labels, test.ClassCount, Config.Seed));
        }
        if (Config.Latent == 2)
        {
            Figures.LatentScatter(run.File("latent.svg"), codes, 2, test.Labels, test.ClassNames, "Test set in the 2-D latent space");
            report.AddFigure("latent.svg", "The test set encoded into the 2-D latent space, coloured by class.");
        }
    }
}
