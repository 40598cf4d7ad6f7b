// The sparse AEs' own settings (sparse-l1, sparse-kl), each once: a field with its default, and a line of Table with its
// key (in config.json and as --key of `engine train`), the families that read it, its help and its rule; see docs/adding-a-family.md.
// The notebook recipe's beta is SparseExperiment's.
namespace Engine.Models.Experiments;

using Engine.Models.Training;

public sealed record SparseOptions
{
    /// <summary>Weight beta of the sparsity penalty.</summary>
    public float Beta { get; init; } = 1e-3f;

    /// <summary>Target mean activation rho of the KL sparsity penalty.</summary>
    public float SparsityTarget { get; init; } = 0.05f;

    private static readonly SparseOptions s_defaults = new();

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<SparseOptions> Table { get; } = new(
    [
        FamilyOption.Number<SparseOptions>("beta", ["sparse-l1", "sparse-kl"], "weight beta of the sparsity penalty.",
            s_defaults.Beta, o => o.Beta, (o, v) => o with { Beta = v }, v => v >= 0, "a finite number >= 0"),
        FamilyOption.Number<SparseOptions>("sparsity-target", ["sparse-kl"], "target mean activation rho of the KL penalty.",
            s_defaults.SparsityTarget, o => o.SparsityTarget, (o, v) => o with { SparsityTarget = v }, v => v > 0 && v < 1, "in (0, 1)"),
    ]);
}

/// <summary>config.Sparse: the run's <see cref="SparseOptions"/>.</summary>
public static class SparseOptionsOfRun
{
    extension(RunConfig config)
    {
        public SparseOptions Sparse => config.Options<SparseOptions>();
    }
}
