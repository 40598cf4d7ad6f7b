// The PCA baseline's own settings (pca), each once: how many components it keeps, given as a count (--components) or as the
// share of the variance they must hold (--variance, 0.9 when neither is given), never both. A field with its default, and a
// line of Table with its key (in config.json and as --key of `engine train pca` and `engine pca`), its help and its rule;
// see docs/adding-a-family.md. The denoising figures' noise is AutoencoderOptions' --noise, which pca reads too.
namespace Engine.Models.Experiments;

using System.Globalization;
using Engine.Models.Training;

public sealed record PcaOptions
{
    /// <summary>The share of the variance the kept components hold when neither setting is given.</summary>
    public const double DefaultVariance = 0.9;

    /// <summary>K, the components kept; null: the fewest holding <see cref="Variance"/> of the variance.</summary>
    public int? Components { get; init; }

    /// <summary>Keep the fewest components holding this share of the variance, in (0, 1]; null: <see cref="DefaultVariance"/>, unless --components is given.</summary>
    public double? Variance { get; init; }

    /// <summary>The share of the variance the kept components must hold; null when <see cref="Components"/> says K.</summary>
    public double? KeptShare() => Components is null ? Variance ?? DefaultVariance : null;

    /// <summary>K for <paramref name="fit"/>: <see cref="Components"/>, or the fewest components holding <see cref="KeptShare"/>.</summary>
    public int Kept(Pca fit) => Components ?? fit.ComponentsFor(KeptShare()!.Value);

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<PcaOptions> Table { get; } = new(
    [
        FamilyOption.OptionalCount<PcaOptions>("components", ["pca"],
            "the number of principal components kept (default: the fewest holding --variance of the variance; at most the pixels of an image).",
            o => o.Components, (o, v) => o with { Components = v }),
        new FamilyOption<PcaOptions, double?>("variance", ["pca"],
            $"keep the fewest components holding this share of the training images' variance (default {DefaultVariance.ToString(CultureInfo.InvariantCulture)} " +
            "when --components is not given).",
            null, o => o.Variance, (o, v) => o with { Variance = v },
            (string text, out double? value) => (value = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null) is not null,
            v => v is null or (> 0 and <= 1), "in (0, 1]"),
    ])
    {
        Check = (options, _) => options is { Components: not null, Variance: not null }
            ? [("variance", "cannot be given with --components: give either --components or --variance, not both")]
            : [],
    };
}

/// <summary>config.Pca: the run's <see cref="PcaOptions"/>.</summary>
public static class PcaOptionsOfRun
{
    extension(RunConfig config)
    {
        public PcaOptions Pca => config.Options<PcaOptions>();
    }
}
