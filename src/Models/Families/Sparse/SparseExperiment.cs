// The sparse autoencoder experiments "sparse-l1" and "sparse-kl": loss = BCE + beta * sparsity (see SparseAutoencoder),
// logged as total, bce and sparsity. Under --recipe notebook sparse-l1 is the notebook's: sparsity = F.l1_loss(z, 0), the
// mean of |z| over every value of the batch's codes, beta 0.01 (sparse-kl has no notebook code: engine only).
// Its figures are SparseFigures, beside it.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class SparseExperiment : ReconstructionExperiment, ILatentCode
{
    /// <summary>Its registry row, "sparse-l1".</summary>
    public static ExperimentFamily L1Family { get; } =
        new("sparse-l1", "sparse autoencoder, L1 penalty (--beta)",
            (c, d) => new SparseExperiment(c, ExperimentFamily.Image(d), SparsityPenalty.L1))
        {
            DefaultLatent = 900, HasNotebookRecipe = true, NotebookDefaults = c => c.With(c.Sparse with { Beta = NotebookBeta }),
            RunSettings = ExperimentFamily.Reads("weight-decay"), Importable = true,
        };

    /// <summary>Its registry row, "sparse-kl".</summary>
    public static ExperimentFamily KlFamily { get; } =
        new("sparse-kl", "sparse autoencoder, KL penalty (--beta, --sparsity-target; the engine's design: the notebook has no training code for it)",
            (c, d) => new SparseExperiment(c, ExperimentFamily.Image(d), SparsityPenalty.Kl))
        {
            DefaultLatent = 900, RunSettings = ExperimentFamily.Reads("weight-decay"), Importable = true,
        };

    private readonly SparseAutoencoder _model;

    /// <summary>The notebook's beta for its L1 penalty (F.l1_loss(z, 0) x 0.01).</summary>
    public const float NotebookBeta = 0.01f;

    public SparseExperiment(RunConfig config, ImageShape image, SparsityPenalty penalty)
        : base(config)
    {
        bool notebook = config.Recipe == Recipes.Notebook && penalty == SparsityPenalty.L1;
        _model = new SparseAutoencoder(config.Latent, image, notebook ? SparsityPenalty.MeanAbs : penalty);
    }

    public override Module Model => _model;

    public int Latent => Config.Latent;

    public bool IsVariational => false;

    public Tensor Encode(Tensor images) => _model.Encode(images);

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override string Description => _model.Penalty switch
    {
        SparsityPenalty.L1 => $"Sparse autoencoder, latent {Config.Latent} (engine recipe): loss = BCE + {Config.Sparse.Beta} x mean_batch sum_j 2 (sigmoid(|z_j|) - 0.5).",
        SparsityPenalty.MeanAbs => $"Sparse autoencoder, latent {Config.Latent} (notebook recipe): loss = BCE + {Config.Sparse.Beta} x mean_batch,j |z_j| (F.l1_loss(z, 0)).",
        _ => $"Sparse autoencoder, latent {Config.Latent} (engine recipe): loss = BCE + {Config.Sparse.Beta} x sum_j KL(rho = {Config.Sparse.SparsityTarget} || mean_batch sigmoid(z_j)).",
    };

    public override IReadOnlyList<string> Terms => ["total", "bce", "sparsity"];

    public override LossTerms Loss(Tensor input, Tensor target, bool training)
    {
        var z = _model.Encode(input);                                              // (B, Z)
        var (total, bce, sparsity) = _model.Loss(_model.Decode(z), target, z, Config.Sparse.Beta, Config.Sparse.SparsityTarget,
            Config.Autoencoder.ReconstructionReduction);
        return new LossTerms(total, [("total", total), ("bce", bce), ("sparsity", sparsity)]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => SparseFigures.Write(this, _model, run, test, report);
}
