// The adversarial AEs' own settings (aae, aae-disentangled, aae-semi), each once: a field with the course's default, and
// a line of Table with its key (in config.json and as --key of `engine train`), the families that read it, its help and
// its rule. The command line and its --help, the check of a run's settings (RunConfig.Validate), the report's settings
// table and the registry rows are made from Table. config.json keeps these keys at its top level, as runs always had.
namespace Engine.Models.Experiments;

using Engine.Models.Training;

public sealed record AaeOptions
{
    private const string Aae = "aae", Disentangled = "aae-disentangled", Semi = "aae-semi";

    /// <summary>The prior the codes are held to: uniform (U[-2.5, 2.5]^Z), grid (ten boxes in the plane) or normal (N(0, I)).</summary>
    public string Prior { get; init; } = "uniform";

    /// <summary>Weight w of the encoder's adversarial term, w BCE(D(E(x)), 1).</summary>
    public float GeneratorWeight { get; init; } = 0.01f;

    /// <summary>The generator Adam's rate as a multiple of --lr; 1 is the course's one-rate game.</summary>
    public float GeneratorLrScale { get; init; } = 1f;

    /// <summary>The discriminators' Adam rate as a multiple of --lr; 1 is the course's.</summary>
    public float DiscriminatorLrScale { get; init; } = 1f;

    /// <summary>aae: the discriminator's Adam steps per batch, each after the first on fresh prior samples (1: the course's).</summary>
    public int DiscriminatorSteps { get; init; } = 1;

    /// <summary>aae-disentangled: weight λ of the encoder's label-confusion term, λ CE(P(z), uniform).</summary>
    public float ConfusionWeight { get; init; } = 1f;

    /// <summary>aae-disentangled: weight μ of the encoder's independence term (see AaeDisentangledExperiment).</summary>
    public float IndependenceWeight { get; init; } = 10f;

    /// <summary>aae-disentangled: the label predictor's Adam steps per batch, on the same detached codes.</summary>
    public int PredictorSteps { get; init; } = 30;

    /// <summary>Prior samples per image the discriminator sees in a step; null: the prior's value (uniform 20, grid 10; the notebook's grid a fixed 1,280).</summary>
    public int? SampleMultiple { get; init; }

    /// <summary>aae-semi: how many training labels are known (balanced per class, seeded).</summary>
    public int Labels { get; init; } = 1000;

    /// <summary>aae: the code is B tanh(E(x)), inside [-B, B]^Z, when B > 0; 0 (the default): E(x) unbounded.</summary>
    public float CodeBound { get; init; }

    private static readonly AaeOptions s_defaults = new();

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<AaeOptions> Table { get; } = new(
    [
        FamilyOption.Choice<AaeOptions>("prior", [Aae, Disentangled],
            "the prior the codes are held to: uniform (U[-2.5, 2.5]^Z), grid (ten boxes, --latent 2) or normal.",
            s_defaults.Prior, o => o.Prior, (o, v) => o with { Prior = v }, LatentPrior.Names),
        FamilyOption.Number<AaeOptions>("generator-weight", [Aae, Disentangled, Semi],
            "weight w of the encoder's adversarial terms, w BCE(D(E(x)), 1).",
            s_defaults.GeneratorWeight, o => o.GeneratorWeight, (o, v) => o with { GeneratorWeight = v }, v => v >= 0, "a finite number >= 0"),
        FamilyOption.Number<AaeOptions>("generator-lr-scale", [Aae, Disentangled, Semi],
            "the generator Adam's rate as a multiple of --lr (1: the course's one rate for every phase).",
            s_defaults.GeneratorLrScale, o => o.GeneratorLrScale, (o, v) => o with { GeneratorLrScale = v }, v => v > 0, "a positive number"),
        FamilyOption.Number<AaeOptions>("discriminator-lr-scale", [Aae, Disentangled, Semi],
            "the discriminators' Adam rate as a multiple of --lr.",
            s_defaults.DiscriminatorLrScale, o => o.DiscriminatorLrScale, (o, v) => o with { DiscriminatorLrScale = v }, v => v > 0, "a positive number"),
        FamilyOption.Count<AaeOptions>("discriminator-steps", [Aae],
            "the discriminator's Adam steps per batch (each after the first on fresh prior samples).",
            s_defaults.DiscriminatorSteps, o => o.DiscriminatorSteps, (o, v) => o with { DiscriminatorSteps = v }),
        FamilyOption.Number<AaeOptions>("confusion-weight", [Disentangled],
            "weight λ of the encoder's label-confusion term, λ CE(P(z), uniform).",
            s_defaults.ConfusionWeight, o => o.ConfusionWeight, (o, v) => o with { ConfusionWeight = v }, v => v >= 0, "a finite number >= 0"),
        FamilyOption.Number<AaeOptions>("independence-weight", [Disentangled],
            "weight μ of the encoder's independence term (class means of z's features pulled to the batch's; 0: off).",
            s_defaults.IndependenceWeight, o => o.IndependenceWeight, (o, v) => o with { IndependenceWeight = v }, v => v >= 0, "a finite number >= 0"),
        FamilyOption.Count<AaeOptions>("predictor-steps", [Disentangled],
            "the label predictor's Adam steps per batch.",
            s_defaults.PredictorSteps, o => o.PredictorSteps, (o, v) => o with { PredictorSteps = v }),
        FamilyOption.OptionalCount<AaeOptions>("sample-multiple", [Aae, Disentangled, Semi],
            "prior samples per image in the discriminators' step (default: uniform and normal 20, grid 10 = 128 per box, under " +
            "--recipe notebook a fixed 1,280; aae-semi 1).",
            o => o.SampleMultiple, (o, v) => o with { SampleMultiple = v }),
        FamilyOption.Count<AaeOptions>("labels", [Semi],
            "how many training labels are known (balanced per class, seeded).",
            s_defaults.Labels, o => o.Labels, (o, v) => o with { Labels = v }),
        FamilyOption.Number<AaeOptions>("code-bound", [Aae],
            "B: the code is B tanh(E(x)), so it cannot leave [-B, B]^Z (0: off, the encoder's output unbounded).",
            s_defaults.CodeBound, o => o.CodeBound, (o, v) => o with { CodeBound = v }, v => v >= 0, "a finite number >= 0"),
    ]);
}

/// <summary>config.Aae: the run's <see cref="AaeOptions"/>.</summary>
public static class AaeOptionsOfRun
{
    extension(RunConfig config)
    {
        public AaeOptions Aae => config.Options<AaeOptions>();
    }
}
