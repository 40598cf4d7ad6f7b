// "pca": principal component analysis, the engine's linear baseline, run as every family is (train, resume, eval, report):
// one epoch whose steps gather the training images' mean and scatter matrix in double (RunningCovariance), the fit
// (the covariance's eigendecomposition, Pca) once the epoch's batches are seen, and the test set reconstructed from the first
// K components (--components, or the fewest holding --variance of the variance): loss terms mse and bce. Nothing is trained:
// no optimizer, no gradient. B = batch, C = channels, H, W = height, width, D = C H W.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public sealed class PcaExperiment : ReconstructionExperiment, ILatentCode
{
    /// <summary>The name of what the steps gathered in the training-state file ("pca.count", "pca.mean", "pca.scatter").</summary>
    private const string GatheredPrefix = "pca";

    /// <summary>Its registry row: one epoch, no latent size, learning rate or schedule (nothing is trained).</summary>
    public static ExperimentFamily Family { get; } =
        new("pca", "principal components of the training images, the engine's linear baseline (one pass, then the fit; no training)",
            (c, d) => new PcaExperiment(c, ExperimentFamily.Image(d)))
        {
            DefaultEpochs = 1,
            RunSettings = [.. ExperimentFamily.CommonSettings.Where(k => k is not ("latent" or "learning-rate" or "learning-rate-schedule"))],
            CheckConfig = ConfigProblems,
            CheckRun = CheckComponents,
        };

    private readonly PcaModel _model;
    private readonly RunningCovariance _gathered;

    public PcaExperiment(RunConfig config, ImageShape image)
        : base(config)
    {
        _model = new PcaModel(image, config.Pca);
        _gathered = new RunningCovariance(_model.Dimension);
    }

    public override Module Model => _model;

    /// <summary>The code of an image is its K coordinates on the components (the latent verbs and `engine explore` read them).</summary>
    public int Latent => _model.Kept;

    public bool IsVariational => false;

    /// <summary>Images (N, C, H, W) to codes (N, K): c = (x - m) W_K^T.</summary>
    public Tensor Encode(Tensor images) =>
        Tensor.FromArray(Fitted().Encode(images.ToArray(), Latent), new Shape(images.Shape[0], Latent), images.Backend);

    /// <summary>Codes (N, K) to images (N, C, H, W): x = m + c W_K.</summary>
    public Tensor Decode(Tensor codes) =>
        Tensor.FromArray(Fitted().Decode(codes.ToArray(), Latent),
            new Shape(codes.Shape[0], _model.Image.Channels, _model.Image.Height, _model.Image.Width), codes.Backend);

    private Pca Fitted() => _model.Fit ?? throw new InvalidOperationException("The PCA model is not fitted yet: finish its run with `engine resume`.");

    public override string Description => _model.Fit is { } fit
        ? $"PCA of the training images: {_model.Kept} of {fit.Dimension} components keep {fit.CumulativeExplained[_model.Kept - 1]:P1} of the variance. " +
          "Test rows: reconstructions from them; train rows: each batch against the mean of the images gathered so far (the model " +
          "during its one pass, K = 0)."
        : "PCA of the training images (not fitted yet: its one pass over the training set was cut short).";

    public override IReadOnlyList<string> Terms => ["mse", "bce"];

    /// <summary>Nothing is trained: no optimizer (the fit is closed form).</summary>
    protected override IReadOnlyList<TrainingOptimizer> CreateOptimizers() => [];

    /// <summary>mse = mean (x_hat - x)^2 and bce = mean BCE(x_hat, x), x_hat clamped to [0, 1]; the objective is mse.</summary>
    public override LossTerms Loss(Tensor input, Tensor target, bool training)
    {
        var reconstruction = _model.Forward(input).Clamp(0f, 1f);                                  // (B, C, H, W)
        var mse = Functional.MseLoss(reconstruction, target);
        return new LossTerms(mse, [("mse", mse), ("bce", Functional.BinaryCrossEntropy(reconstruction, target))]);
    }

    /// <summary>
    /// Gathers the batch's mean and scatter, holds the new running mean and scores the batch with the model as it then
    /// stands: before the fit, every image reconstructed by the mean of the images gathered so far (K = 0).
    /// </summary>
    public override LossTerms Step(TrainingBatch batch)
    {
        _gathered.Add(batch.Source.Images);
        _model.HoldMean(_gathered.Mean);
        return Loss(batch, training: true);
    }

    /// <summary>The fit, from everything the epoch's steps gathered.</summary>
    public override void EndTrainingBatches() => _model.Hold(_gathered.Fit());

    /// <summary>One pass gathers all the fit needs.</summary>
    public override bool Finished => _model.Fit is not null;

    public override IReadOnlyList<SafetensorsTensor> GatheredState() => _gathered.ToTensors(GatheredPrefix);

    public override void RestoreGatheredState(SafetensorsContents contents, string path) => _gathered.Restore(contents, GatheredPrefix, path);

    /// <summary>The denoising test: test images with Gaussian noise of sigma --noise (a fixed draw) and their reconstructions, against the clean images.</summary>
    public override IReadOnlyList<KeyValuePair<string, double>> TestMetrics(Dataset test) => PcaFigures.Denoising(this, test).Metrics;

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => PcaFigures.Write(this, _model, run, test, report);

    /// <summary>pca's rule of the common settings: one epoch (a second pass would gather the same images again).</summary>
    private static IEnumerable<(string Key, string Problem)> ConfigProblems(RunConfig config)
    {
        if (config.Epochs != 1)
        {
            yield return ("epochs", $"must be 1 for pca (one pass over the training set gathers everything its fit needs); got {config.Epochs}");
        }
    }

    /// <summary>--components is at most the pixels of an image, and the fit needs two training images.</summary>
    private static void CheckComponents(RunConfig config, DatasetSplits data)
    {
        int d = data.Train.PixelsPerImage;
        if (config.Pca.Components is int k && k > d)
        {
            throw new ArgumentException($"--components must be at most {d}, the pixels of a {data.Train.Height}x{data.Train.Width} image; got {k}.");
        }
        if (data.Train.Count < 2)
        {
            throw new ArgumentException($"PCA needs at least 2 training images to estimate a covariance; {data.Source} gives {data.Train.Count}.");
        }
    }
}
