// The VAE experiments: "vae" minimises BCE + w KL; "vae-kl-only" minimises w KL alone (the encoder then maps everything
// to mu = 0, var = 1, and reconstructions carry no information: the notebook's sanity check; the engine recipe takes
// KL alone (w = 1), the notebook's takes w = --kl-weight, 0.1 by default, for its 2 epochs). Evaluation decodes z = mu under the engine recipe;
// under the notebook's it samples z as in training (a fixed stream per test batch, so every evaluation sees the same eps).
// Its figures are VaeFigures, beside it.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class VaeExperiment : ReconstructionExperiment, ILatentCode
{
    /// <summary>Its registry row, "vae".</summary>
    public static ExperimentFamily Family { get; } =
        new("vae", "variational autoencoder (BCE + --kl-weight x KL)", (c, d) => new VaeExperiment(c, ExperimentFamily.Image(d), klOnly: false))
        {
            DefaultLatent = 2, HasNotebookRecipe = true, RunSettings = ExperimentFamily.Reads("weight-decay"), Importable = true,
        };

    /// <summary>Its registry row, "vae-kl-only"; the notebook's: 2 epochs of 0.1 x KL.</summary>
    public static ExperimentFamily KlOnlyFamily { get; } =
        new("vae-kl-only", "VAE trained on the KL term alone (the notebook's sanity check; notebook: 2 epochs of 0.1 x KL)",
            (c, d) => new VaeExperiment(c, ExperimentFamily.Image(d), klOnly: true))
        {
            DefaultLatent = 2, HasNotebookRecipe = true, NotebookDefaults = c => (c with { Epochs = 2 }).With(c.Vae with { KlWeight = 0.1f }),
            RunSettings = ExperimentFamily.Reads("weight-decay"), Importable = true,
        };

    private readonly VariationalAutoencoder _model;
    private readonly Generator _eps;   // the reparametrization noise

    public VaeExperiment(RunConfig config, ImageShape image, bool klOnly)
        : base(config)
    {
        KlOnly = klOnly;
        _model = new VariationalAutoencoder(config.Latent, image);
        _eps = new Generator(config.Seed ^ RandomStreams.Eps);
    }

    public bool KlOnly { get; }

    public int Latent => Config.Latent;

    public bool IsVariational => true;

    public Tensor Encode(Tensor images) => _model.Encode(images).Mu;

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override Module Model => _model;

    /// <summary>Evaluation (test loss, figures) samples z as training does: the notebook's recipe; the engine's decodes z = mu.</summary>
    public bool SamplesInEvaluation => Config.Recipe == Recipes.Notebook;

    public override string Description => (KlOnly
        ? $"VAE trained on the KL term only ({(SamplesInEvaluation ? Config.Vae.KlWeight : 1)} x KL), latent {Config.Latent}"
        : $"Variational autoencoder, latent {Config.Latent}: loss = BCE ({Config.Autoencoder.ReconstructionReduction}) + {Config.Vae.KlWeight} x KL ({Config.Vae.KlReduction})")
        + $"; {Config.Recipe} recipe, evaluated with z = " + (SamplesInEvaluation ? "a sample of q(z | x)." : "mu.");

    public override IReadOnlyList<Generator> Generators => [_eps];

    public override IReadOnlyList<string> Terms => KlOnly ? ["kl", "bce"] : ["total", "bce", "kl"];

    public override LossTerms Loss(TrainingBatch batch, bool training) =>
        Loss(Input(batch.Items, batch.Source, training), batch.Items, training ? _eps : EvaluationEps(batch.Source.Index));

    public override LossTerms Loss(Tensor input, Tensor target, bool training) => Loss(input, target, training ? _eps : EvaluationEps(0));

    /// <summary>The eps of test batch <paramref name="index"/> under the notebook recipe (a fixed draw); null: z = mu.</summary>
    public Generator? EvaluationEps(int index) =>
        SamplesInEvaluation ? new Generator(Config.Seed ^ RandomStreams.EvaluationEps, (ulong)index << 32) : null;

    private LossTerms Loss(Tensor input, Tensor target, Generator? eps)
    {
        var (reconstruction, mu, logVar) = _model.Forward(input, eps, sample: _model.Training || eps is not null);
        var (total, bce, kl) = VariationalAutoencoder.Loss(reconstruction, target, mu, logVar, Config.Vae.KlWeight,
            Config.Autoencoder.ReconstructionReduction, Config.Vae.KlReduction);
        return KlOnly ? new LossTerms(SamplesInEvaluation ? kl * Config.Vae.KlWeight : kl, [("kl", kl), ("bce", bce)]) : new LossTerms(total, [("total", total), ("bce", bce), ("kl", kl)]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => VaeFigures.Write(this, _model, run, test, report);
}
