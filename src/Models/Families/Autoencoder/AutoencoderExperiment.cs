// The autoencoder experiments: "ae" reconstructs its input; "dae" (denoising) reconstructs the clean image from an
// input corrupted with Gaussian noise of sigma --noise (clamped to [0, 1]). Loss = BCE(x_hat, x_clean).
// Under --recipe notebook "dae" is the notebook's denoising experiment: the plain AE trained on clean images (it never
// sees noise in training), then scored and drawn on test images with Gaussian noise of sigma --noise, not clamped.
// Its figures are AutoencoderFigures, beside it.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class AutoencoderExperiment : ReconstructionExperiment, ILatentCode
{
    /// <summary>Its registry row, "ae".</summary>
    public static ExperimentFamily AeFamily { get; } =
        new("ae", "autoencoder (BCE)", (c, d) => new AutoencoderExperiment(c, ExperimentFamily.Image(d), denoising: false))
        {
            HasNotebookRecipe = true, RunSettings = ExperimentFamily.Reads("weight-decay"), Importable = true,
        };

    /// <summary>Its registry row, "dae".</summary>
    public static ExperimentFamily DaeFamily { get; } =
        new("dae", "denoising autoencoder (Gaussian noise --noise; notebook: the plain AE scored on noisy test images)",
            (c, d) => new AutoencoderExperiment(c, ExperimentFamily.Image(d), denoising: true))
        {
            HasNotebookRecipe = true, RunSettings = ExperimentFamily.Reads("weight-decay"), Importable = true,
        };

    private readonly Autoencoder _model;
    private readonly Generator _noise;   // the denoising AE's corruption noise
    private float[] _noisy = [];         // the corrupted batch (B, 1, H, W), reused

    public AutoencoderExperiment(RunConfig config, ImageShape image, bool denoising)
        : base(config)
    {
        Denoising = denoising;
        _model = new Autoencoder(config.Latent, image);
        _noise = new Generator(config.Seed ^ RandomStreams.Noise);
    }

    public bool Denoising { get; }

    /// <summary>The notebook's denoising: noise on the test images only, unclamped (see the header).</summary>
    public bool NoiseOnTestOnly => Denoising && Config.Recipe == Recipes.Notebook;

    /// <summary>Whether noisy images are clamped to [0, 1] (the engine's dae; the notebook does not clamp).</summary>
    public bool ClampNoise => Config.Recipe != Recipes.Notebook;

    public int Latent => Config.Latent;

    public bool IsVariational => false;

    public Tensor Encode(Tensor images) => _model.Encode(images);

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override Module Model => _model;

    public override string Description => (Denoising, NoiseOnTestOnly) switch
    {
        (true, true) => $"Denoising evaluation of the plain autoencoder, latent {Config.Latent} (notebook recipe): trained on clean images; " +
            $"the test loss is BCE(AE(x + {Config.Autoencoder.Noise} N(0, 1)), x), the noise not clamped.",
        (true, false) => $"Denoising autoencoder, latent {Config.Latent} (engine recipe): trained on inputs with Gaussian noise sigma {Config.Autoencoder.Noise} " +
            "(clamped to [0, 1]) against clean targets.",
        _ => $"Autoencoder, latent {Config.Latent} ({Config.Recipe} recipe): trained to reconstruct its input.",
    };

    public override IReadOnlyList<Generator> Generators => [_noise];

    public override Tensor Input(Tensor clean, Batch batch, bool training)
    {
        if (!Denoising || (training && NoiseOnTestOnly)) return clean;
        if (_noisy.Length != batch.Images.Length) _noisy = new float[batch.Images.Length];   // reused across steps
        var noisy = _noisy;
        ulong offset = training ? _noise.Advance(noisy.Length) : (ulong)batch.Index * (ulong)noisy.Length;
        ulong seed = training ? _noise.Seed : _noise.Seed ^ RandomStreams.Test;      // a fixed test corruption
        ImageTransforms.GaussianNoise(batch.Images, Config.Autoencoder.Noise, seed, offset, noisy, ClampNoise);
        return Tensor.FromArray(noisy, clean.Shape);
    }

    public override IReadOnlyList<string> Terms => ["bce"];

    public override LossTerms Loss(Tensor input, Tensor target, bool training) =>
        LossTerms.Single("bce", Autoencoder.Loss(_model.Forward(input), target, Config.Autoencoder.ReconstructionReduction));

    /// <summary>The notebook's denoising run: beside the noisy test loss, the same AE's BCE on the clean test images.</summary>
    public override IReadOnlyList<KeyValuePair<string, double>> TestMetrics(Dataset test)
    {
        if (!NoiseOnTestOnly) return [];
        var output = Figures.Apply(_model, _model.Forward, test.Images, test.Height, test.Width);    // (N, C, H, W), eval mode
        double sum = 0;
        for (int i = 0; i < output.Length; i++)                                       // BCE, PyTorch's log clamp at -100
        {
            float x = test.Images[i], p = output[i];
            sum -= x * Math.Max(Math.Log(p), -100) + (1 - x) * Math.Max(Math.Log(1 - p), -100);
        }
        return [new("BCE on the clean images (the same AE)", sum / output.Length)];
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => AutoencoderFigures.Write(this, _model, run, test, report);
}
