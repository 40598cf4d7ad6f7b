// The variational AEs' own settings (vae, vae-kl-only and cvae, whose loss is the VAE's with a label), each once: a
// field with its default, and a line of Table with its key (in config.json and as --key of `engine train`), the families
// that read it, its help and its rule; see docs/adding-a-family.md. cvae's engine KL weight (0.02) and the notebook recipes' (vae-kl-only
// 0.1, cvae 0.005) are their registry rows' defaults (CvaeExperiment, VaeExperiment).
namespace Engine.Models.Experiments;

using Engine.Models.Training;

public sealed record VaeOptions
{
    /// <summary>Weight w of the VAE's KL term.</summary>
    public float KlWeight { get; init; } = 0.005f;

    /// <summary>Reduction of the KL term (config.json only).</summary>
    public Reduction KlReduction { get; init; } = Reduction.BatchMean;

    private static readonly VaeOptions s_defaults = new();

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<VaeOptions> Table { get; } = new(
    [
        FamilyOption.Number<VaeOptions>("kl-weight", ["vae", "cvae"], "weight w of the KL term.",
            s_defaults.KlWeight, o => o.KlWeight, (o, v) => o with { KlWeight = v }, v => v >= 0, "a finite number >= 0"),
        FamilyOption.LossReduction<VaeOptions>("kl-reduction", ["vae", "vae-kl-only", "cvae"],
            "reduction of the KL term: mean, sum, or batch-mean (sum per image, mean over the batch).",
            s_defaults.KlReduction, o => o.KlReduction, (o, v) => o with { KlReduction = v }).FileOnly(),
    ]);
}

/// <summary>config.Vae: the run's <see cref="VaeOptions"/>.</summary>
public static class VaeOptionsOfRun
{
    extension(RunConfig config)
    {
        public VaeOptions Vae => config.Options<VaeOptions>();
    }
}
