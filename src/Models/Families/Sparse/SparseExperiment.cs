// The sparse autoencoder experiments "sparse-l1" and "sparse-kl": loss = BCE + beta * sparsity (see SparseAutoencoder),
// logged as total, bce and sparsity. Its figures are SparseFigures, beside it.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class SparseExperiment : ReconstructionExperiment, ILatentCode
{
    private readonly SparseAutoencoder _model;

    public SparseExperiment(RunConfig config, ImageShape image, SparsityPenalty penalty)
        : base(config)
    {
        _model = new SparseAutoencoder(config.Latent, image, penalty);
    }

    public override Module Model => _model;

    public int Latent => Config.Latent;

    public bool IsVariational => false;

    public Tensor Encode(Tensor images) => _model.Encode(images);

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override string Description => _model.Penalty == SparsityPenalty.L1
        ? $"Sparse autoencoder, latent {Config.Latent}: loss = BCE + {Config.Beta} x mean_batch sum_j 2 (sigmoid(|z_j|) - 0.5)."
        : $"Sparse autoencoder, latent {Config.Latent}: loss = BCE + {Config.Beta} x sum_j KL(rho = {Config.SparsityTarget} || mean_batch sigmoid(z_j)).";

    public override IReadOnlyList<string> Terms => ["total", "bce", "sparsity"];

    public override LossTerms Loss(Tensor input, Tensor target, bool training)
    {
        var z = _model.Encode(input);                                              // (B, Z)
        var (total, bce, sparsity) = _model.Loss(_model.Decode(z), target, z, Config.Beta, Config.SparsityTarget,
            Config.ReconstructionReduction);
        return new LossTerms(total, [("total", total), ("bce", bce), ("sparsity", sparsity)]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => SparseFigures.Write(this, _model, run, test, report);
}
