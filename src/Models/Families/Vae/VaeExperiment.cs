// The VAE experiments: "vae" minimises BCE + w KL; "vae-kl-only" minimises the KL term alone (the encoder then maps
// everything to mu = 0, var = 1, and reconstructions carry no information: the course's sanity check).
// Its figures are VaeFigures, beside it.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class VaeExperiment : ReconstructionExperiment, ILatentCode
{
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

    public override string Description => KlOnly
        ? $"VAE trained on the KL term only, latent {Config.Latent}."
        : $"Variational autoencoder, latent {Config.Latent}: loss = BCE ({Config.ReconstructionReduction}) + {Config.KlWeight} x KL ({Config.KlReduction}).";

    public override IReadOnlyList<Generator> Generators => [_eps];

    public override IReadOnlyList<string> Terms => KlOnly ? ["kl", "bce"] : ["total", "bce", "kl"];

    public override LossTerms Loss(Tensor input, Tensor target, bool training)
    {
        var (reconstruction, mu, logVar) = _model.Forward(input, _eps);
        var (total, bce, kl) = VariationalAutoencoder.Loss(reconstruction, target, mu, logVar, Config.KlWeight,
            Config.ReconstructionReduction, Config.KlReduction);
        return KlOnly ? new LossTerms(kl, [("kl", kl), ("bce", bce)]) : new LossTerms(total, [("total", total), ("bce", bce), ("kl", kl)]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => VaeFigures.Write(this, _model, run, test, report);
}
