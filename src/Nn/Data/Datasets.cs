// The datasets the engine knows by name: "fashion" (Fashion-MNIST, the default) and "mnist" (MNIST digits). One entry
// point, Datasets.Load(name, ...), for the CLI's --dataset, and Datasets.LoadTest for the test split alone (eval, report);
// each dataset keeps its own lookup order (FashionMnist.cs, MnistDigits.cs).
namespace Engine.Nn.Data;

/// <summary>A dataset's training and test sets, its name and a one-line description of where they came from.</summary>
public sealed record DatasetSplits(string Name, Dataset Train, Dataset Test, string Source);

/// <summary>A dataset's test set alone (what eval, report and the latent verbs read), its name and where it came from.</summary>
public sealed record TestSplit(string Name, Dataset Test, string Source);

public static class Datasets
{
    public const string Fashion = "fashion";
    public const string Mnist = "mnist";
    public const string Default = Fashion;

    /// <summary>Every known name, the default first.</summary>
    public static readonly IReadOnlyList<string> Names = [Fashion, Mnist];

    /// <summary>The name checked (case-insensitive, trimmed) and normalised; unknown names get one clear line.</summary>
    public static string Check(string name)
    {
        string normal = (name ?? "").Trim().ToLowerInvariant();
        if (!Names.Contains(normal))
        {
            throw new ArgumentException($"Unknown dataset '{name}'; choose one of: {string.Join(", ", Names)}.", nameof(name));
        }
        return normal;
    }

    /// <summary>The class names of a dataset, by label: the Fashion-MNIST garments or the digits "0".."9".</summary>
    public static IReadOnlyList<string> ClassNames(string name) =>
        Check(name) == Mnist ? MnistDigits.ClassNames : FashionMnist.ClassNames;

    /// <summary>
    /// Loads dataset <paramref name="name"/>: <paramref name="dataDir"/> (--data) overrides the lookup, <paramref name="log"/>
    /// hears the one line about a bundled sample, <paramref name="limit"/> caps the training set (its first items).
    /// </summary>
    public static DatasetSplits Load(string name, string? dataDir = null, Action<string>? log = null, int? limit = null)
    {
        if (Check(name) == Mnist)
        {
            return MnistDigits.Load(dataDir, log, limit);
        }
        var fashion = FashionMnist.Load(dataDir, log, limit);
        return new DatasetSplits(Fashion, fashion.Train, fashion.Test, fashion.Source);
    }

    /// <summary>
    /// Loads only the test split of dataset <paramref name="name"/>, the same one <see cref="Load"/> gives (same lookup);
    /// the training files are never opened.
    /// </summary>
    public static TestSplit LoadTest(string name, string? dataDir = null, Action<string>? log = null) =>
        Check(name) == Mnist ? MnistDigits.LoadTest(dataDir, log) : FashionMnist.LoadTest(dataDir, log);
}
