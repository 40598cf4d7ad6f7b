// The super-resolution AE's own setting (superres), once: a field with its default, and a line of Table with its key (in
// config.json and as --factor of `engine train`), its help and its rule; see docs/adding-a-family.md.
namespace Engine.Models.Experiments;

using Engine.Models.Training;

public sealed record SuperResolutionOptions
{
    /// <summary>The super-resolution factor: 2 (14 x 14 in) or 4 (7 x 7 in).</summary>
    public int Factor { get; init; } = 2;

    private static readonly SuperResolutionOptions s_defaults = new();

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<SuperResolutionOptions> Table { get; } = new(
    [
        FamilyOption.Integer<SuperResolutionOptions>("factor", ["superres"], "the down-sampling factor to undo, 2 (14x14 in) or 4 (7x7 in).",
            s_defaults.Factor, o => o.Factor, (o, v) => o with { Factor = v }, v => v is 2 or 4,
            "2 or 4 (the super-resolution factors: 14 x 14 or 7 x 7 in)"),
    ]);
}

/// <summary>config.SuperResolution: the run's <see cref="SuperResolutionOptions"/>.</summary>
public static class SuperResolutionOptionsOfRun
{
    extension(RunConfig config)
    {
        public SuperResolutionOptions SuperResolution => config.Options<SuperResolutionOptions>();
    }
}
