// "cvae": the conditional VAE, loss = BCE(x_hat, x) + w KL, the decoder reading z and the one-hot label. Its figures
// (and, with --judge, the conditional accuracy) are CvaeFigures, beside it. Evaluation decodes z = mu under the engine
// recipe; under the notebook's (lr 1e-2, 5 epochs, w = 0.005) it samples z as training does, a fixed stream per test batch.
// N = images, Z = latent size, K = classes.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class CvaeExperiment : Experiment
{
    /// <summary>Its registry row: the engine's KL weight is the conditional VAE's (0.02), not the VAE's.</summary>
    public static ExperimentFamily Family { get; } =
        new("cvae", "conditional VAE: the decoder reads z and the one-hot label (--class picks the grid's class)",
            (c, d) => new CvaeExperiment(c, ExperimentFamily.Image(d), d.ClassNames))
        {
            DefaultLatent = 2, DefaultEpochs = 10, DefaultLearningRate = 1e-3f,
            EngineDefaults = c => c.With(c.Vae with { KlWeight = ConditionalVariationalAutoencoder.DefaultKlWeight }),
            HasNotebookRecipe = true, NotebookDefaults = NotebookDefaults, NeedsLabels = true, RunSettings = ExperimentFamily.Reads("weight-decay"),
        };

    private readonly ConditionalVariationalAutoencoder _model;
    private readonly Generator _eps;   // the reparametrization noise

    public CvaeExperiment(RunConfig config, ImageShape image, IReadOnlyList<string> classNames)
        : base(config)
    {
        _model = new ConditionalVariationalAutoencoder(config.Latent, image, classNames.Count);
        _eps = new Generator(config.Seed ^ RandomStreams.Eps);
    }

    public override Module Model => _model;

    /// <summary>The notebook's recipe: the test loss and the reconstructions sample z; the engine's decode z = mu.</summary>
    public bool SamplesInEvaluation => Config.Recipe == Recipes.Notebook;

    /// <summary>The notebook's values: Adam lr 1e-2, 5 epochs, KL weight 0.005 (the engine's: 1e-3, 10, 0.02).</summary>
    public static RunConfig NotebookDefaults(RunConfig config) => (config with { LearningRate = 1e-2f, Epochs = 5 }).With(config.Vae with { KlWeight = 0.005f });

    /// <summary>The eps of test batch <paramref name="index"/> under the notebook recipe (a fixed draw); null: z = mu.</summary>
    public Generator? EvaluationEps(int index) =>
        SamplesInEvaluation ? new Generator(Config.Seed ^ RandomStreams.EvaluationEps, (ulong)index << 32) : null;

    public override string Description =>
        $"Conditional VAE, latent {Config.Latent}: the decoder reads z and the one-hot label; loss = BCE ({Config.Autoencoder.ReconstructionReduction}) " +
        $"+ {Config.Vae.KlWeight} x KL ({Config.Vae.KlReduction}); {Config.Recipe} recipe, evaluated with z = " +
        (SamplesInEvaluation ? "a sample of q(z | x)." : "mu.");

    public override IReadOnlyList<Generator> Generators => [_eps];

    public override IReadOnlyList<string> Terms => ["total", "bce", "kl"];

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var eps = training ? _eps : EvaluationEps(batch.Source.Index);
        var (reconstruction, mu, logVar) = _model.Forward(batch.Items, batch.Labels, eps, sample: _model.Training || eps is not null);
        var (total, bce, kl) = ConditionalVariationalAutoencoder.Loss(reconstruction, batch.Items, mu, logVar, Config.Vae.KlWeight,
            Config.Autoencoder.ReconstructionReduction, Config.Vae.KlReduction);
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
