// The reconstructing AEs' own settings, each once: --noise (the denoising AE's training corruption and the denoising
// figures' test noise of ae, dae, vae, vae-kl-only and the pca baseline) and the reconstruction term's reduction (config.json only; every
// family whose loss is a BCE reconstruction reads it). A field with its default, and a line of Table with its key (in
// config.json and as --key of `engine train`), the families that read it, its help and its rule; see docs/adding-a-family.md.
namespace Engine.Models.Experiments;

using Engine.Models.Training;

public sealed record AutoencoderOptions
{
    /// <summary>Gaussian noise sigma: the denoising AE's training corruption, and the denoising figures' test noise.</summary>
    public float Noise { get; init; } = 0.3f;

    /// <summary>Reduction of the reconstruction term: mean (over pixels), sum or batch-mean (sum per image, mean over batch).</summary>
    public Reduction ReconstructionReduction { get; init; } = Reduction.Mean;

    private static readonly AutoencoderOptions s_defaults = new();

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<AutoencoderOptions> Table { get; } = new(
    [
        FamilyOption.Number<AutoencoderOptions>("noise", ["ae", "dae", "vae", "vae-kl-only", "pca"],
            "Gaussian noise sigma (denoising: dae's training corruption, and the denoising figures' test noise).",
            s_defaults.Noise, o => o.Noise, (o, v) => o with { Noise = v }, v => v >= 0, "a finite number >= 0"),
        FamilyOption.LossReduction<AutoencoderOptions>("reconstruction-reduction", ["ae", "dae", "sparse-l1", "sparse-kl", "vae", "vae-kl-only", "cvae"],
            "reduction of the reconstruction term: mean (over pixels), sum, or batch-mean (sum per image, mean over the batch).",
            s_defaults.ReconstructionReduction, o => o.ReconstructionReduction, (o, v) => o with { ReconstructionReduction = v }).FileOnly(),
    ]);
}

/// <summary>config.Autoencoder: the run's <see cref="AutoencoderOptions"/>.</summary>
public static class AutoencoderOptionsOfRun
{
    extension(RunConfig config)
    {
        public AutoencoderOptions Autoencoder => config.Options<AutoencoderOptions>();
    }
}
