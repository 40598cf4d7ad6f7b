// The conditional VAE's own settings (cvae), each once: a field with its default, and a line of Table with its key (in
// config.json and as --key of `engine train`), its help and its rule; see docs/adding-a-family.md. --class is read against the
// dataset's class names and checked against its classes; --judge must hold a classifier run when a run starts.
namespace Engine.Models.Experiments;

using System.Globalization;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed record CvaeOptions
{
    /// <summary>The class the latent-grid figure decodes with (0..K-1).</summary>
    public int Class { get; init; }

    /// <summary>A classifier run folder whose model scores the conditional accuracy of the samples in the report.</summary>
    public string? Judge { get; init; }

    private static readonly CvaeOptions s_defaults = new();

    /// <summary>Every setting of the record, in config.json's order.</summary>
    public static FamilyOptionTable<CvaeOptions> Table { get; } = new(
    [
        FamilyOption.Integer<CvaeOptions>("class", ["cvae"], "the class its latent-grid figure decodes with (an index or a name).",
            s_defaults.Class, o => o.Class, (o, v) => o with { Class = v }, _ => true, "a class index")
            .Resolving((text, run) => TrainedRun.ParseClass(text, Datasets.ClassNames(run.Dataset)).ToString(CultureInfo.InvariantCulture)),
        FamilyOption.OptionalText<CvaeOptions>("judge", ["cvae"], "a classifier run folder; the report gives the conditional accuracy per class.",
            o => o.Judge, (o, v) => o with { Judge = v })
            .Resolving((text, _) => Path.GetFullPath(text)),
    ])
    {
        Check = (o, run) => ClassProblem(o.Class, run.Dataset),
        BeforeTraining = o => CheckJudge(o.Judge),
    };

    private static IEnumerable<(string Key, string Problem)> ClassProblem(int label, string dataset)
    {
        int classes = Datasets.Names.Contains(dataset) ? Datasets.ClassNames(dataset).Count : 10;
        if (label < 0 || label >= classes) yield return ("class", $"must be a class of {dataset}, 0..{classes - 1}; got {label}");
    }

    private static void CheckJudge(string? judge)
    {
        if (judge is string run && RunFolder.Open(run).ReadConfig().Family is var model && model != "classifier")
        {
            throw new ArgumentException($"--judge '{run}' holds a {model} run; give a classifier run (engine train classifier).");
        }
    }
}

/// <summary>config.Cvae: the run's <see cref="CvaeOptions"/>.</summary>
public static class CvaeOptionsOfRun
{
    extension(RunConfig config)
    {
        public CvaeOptions Cvae => config.Options<CvaeOptions>();
    }
}
