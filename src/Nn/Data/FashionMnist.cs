// Finds and loads Fashion-MNIST. Lookup order: the --data argument, $ENGINE_DATA, the repository's
// data/fashion-mnist (found by walking up from the executable and the current folder), then
// /usr/share/datasets/fashion-mnist (skipped when $ENGINE_NO_SYSTEM_DATA=1, as on a fresh machine). A full set anywhere
// wins; otherwise the bundled 10k sample is split 8,000 / 2,000 (80 / 20).
namespace Engine.Nn.Data;

/// <summary>The training and test sets and a one-line description of where they came from.</summary>
public sealed record FashionMnistSplits(Dataset Train, Dataset Test, string Source);

/// <summary>Finds and loads Fashion-MNIST: --data, $ENGINE_DATA, a data/fashion-mnist folder above the executable or current folder, then the Debian dataset.</summary>
public static class FashionMnist
{
    /// <summary>The environment variable that names a folder with the four IDX files.</summary>
    public const string EnvironmentVariable = "ENGINE_DATA";
    /// <summary>Where Debian's dataset-fashion-mnist package installs the files.</summary>
    public const string SystemDirectory = "/usr/share/datasets/fashion-mnist";
    /// <summary>Set to 1 to hide <see cref="SystemDirectory"/> from the lookup (tests and CI use it to act as a fresh machine).</summary>
    public const string HideSystemVariable = "ENGINE_NO_SYSTEM_DATA";
    /// <summary>The ten class names, by label.</summary>
    public static readonly IReadOnlyList<string> ClassNames =
    [
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    ];

    private static readonly string[] TrainFiles = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte"];
    private static readonly string[] TestFiles = ["t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>A folder to read and whether it holds only the test split (the bundled sample).</summary>
    internal sealed record Location(string Directory, bool SampleOnly, string Origin);

    /// <summary>
    /// Loads the training and test sets. <paramref name="limit"/> caps the training set (its first items) for quick runs.
    /// Throws if <paramref name="dataDir"/> or $ENGINE_DATA is given but lacks files, or if no data is found at all.
    /// </summary>
    public static FashionMnistSplits Load(string? dataDir = null, Action<string>? log = null, int? limit = null)
    {
        var location = Locate(dataDir, Environment.GetEnvironmentVariable(EnvironmentVariable), FindRepositoryData(), SystemDirectoryInUse());
        return Load(location, log, limit);
    }

    internal static FashionMnistSplits Load(Location location, Action<string>? log, int? limit)
    {
        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"limit = {limit}; the training-set cap must be positive.");
        }
        Dataset test = ReadSplit(location.Directory, TestFiles);
        Dataset train;
        string source;
        if (location.SampleOnly)
        {
            (train, test) = SplitSample(test);
            source = $"{location.Directory} ({location.Origin}, bundled sample: first {train.Count} test-split images for training, last {test.Count} for test)";
            log?.Invoke(
                $"Using the bundled Fashion-MNIST sample in {location.Directory}: {train.Count} training and {test.Count} test images " +
                $"from the 10k test split. For the full 60k set: apt-get install dataset-fashion-mnist, or pass --data DIR / set {EnvironmentVariable}=DIR.");
        }
        else
        {
            train = ReadSplit(location.Directory, TrainFiles);
            source = $"{location.Directory} ({location.Origin}, full set)";
        }
        if (limit is int cap && cap < train.Count)
        {
            train = train.Slice(0, cap);
            source += $", training set limited to {cap}";
        }
        return new FashionMnistSplits(train, test, source);
    }

    /// <summary>
    /// Loads only the test split (what eval, report and the latent verbs read): the t10k files, or the bundled sample's last
    /// 2,000 images, exactly as <see cref="Load(string?, Action{string}?, int?)"/> splits them; the training files are never
    /// read, and a folder given by --data or $ENGINE_DATA needs only the two t10k files.
    /// </summary>
    public static TestSplit LoadTest(string? dataDir = null, Action<string>? log = null)
    {
        var location = Locate(dataDir, Environment.GetEnvironmentVariable(EnvironmentVariable), FindRepositoryData(), SystemDirectoryInUse(),
            testOnly: true);
        return LoadTest(location, log);
    }

    internal static TestSplit LoadTest(Location location, Action<string>? log)
    {
        Dataset test = ReadSplit(location.Directory, TestFiles);
        if (!location.SampleOnly)
        {
            return new TestSplit(Datasets.Fashion, test, $"{location.Directory} ({location.Origin}), test split only");
        }
        test = SplitSample(test).Test;
        log?.Invoke($"Using the bundled Fashion-MNIST sample in {location.Directory}: its last {test.Count} images are the test set.");
        return new TestSplit(Datasets.Fashion, test,
            $"{location.Directory} ({location.Origin}, bundled sample: the last {test.Count} test-split images), test split only");
    }

    /// <summary>The bundled 10k sample as training and test sets: the first 80 % (8,000) and the last 20 % (2,000).</summary>
    private static (Dataset Train, Dataset Test) SplitSample(Dataset sample)
    {
        int trainCount = sample.Count * 4 / 5;
        return (sample.Slice(0, trainCount), sample.Slice(trainCount, sample.Count - trainCount));
    }

    /// <summary>
    /// The system folder the lookup tries: <see cref="SystemDirectory"/>, or null when $ENGINE_NO_SYSTEM_DATA is 1,
    /// so the lookup behaves as on a machine without dataset-fashion-mnist.
    /// </summary>
    internal static string? SystemDirectoryInUse() =>
        Environment.GetEnvironmentVariable(HideSystemVariable) is "1" or "true" ? null : SystemDirectory;

    /// <summary>Applies the lookup order to the candidates; pure, so tests can pass temporary folders.</summary>
    /// <paramref name="testOnly"/>: a folder named by --data or $ENGINE_DATA needs only the test files (the other candidates
    /// are still chosen by whether they hold the full set, so the test split is the same one training used).
    internal static Location Locate(string? dataDir, string? environmentValue, string? repositoryData, string? systemDirectory,
        bool testOnly = false)
    {
        if (!string.IsNullOrEmpty(dataDir))
        {
            RequireFull(dataDir, "--data", testOnly);
            return new Location(dataDir, false, "--data");
        }
        if (!string.IsNullOrEmpty(environmentValue))
        {
            RequireFull(environmentValue, $"${EnvironmentVariable}", testOnly);
            return new Location(environmentValue, false, $"${EnvironmentVariable}");
        }
        if (repositoryData is not null && Missing(repositoryData, TrainFiles.Concat(TestFiles)).Count == 0)
        {
            return new Location(repositoryData, false, "repository data/");
        }
        if (systemDirectory is not null && Missing(systemDirectory, TrainFiles.Concat(TestFiles)).Count == 0)
        {
            return new Location(systemDirectory, false, "system dataset");
        }
        if (repositoryData is not null && Missing(repositoryData, TestFiles).Count == 0)
        {
            return new Location(repositoryData, true, "repository data/");
        }
        throw new FileNotFoundException(
            "Fashion-MNIST not found. Looked in --data (not given), " +
            $"${EnvironmentVariable} (not set), {repositoryData ?? "a data/fashion-mnist folder above the executable or current folder (none)"} " +
            $"and {systemDirectory ?? $"{SystemDirectory} (hidden by ${HideSystemVariable}=1)"}. Install it with apt-get install dataset-fashion-mnist, or pass --data DIR / set {EnvironmentVariable}=DIR " +
            "to a folder holding train-images-idx3-ubyte(.gz), train-labels-idx1-ubyte(.gz), t10k-images-idx3-ubyte(.gz), t10k-labels-idx1-ubyte(.gz).");
    }

    /// <summary>The nearest data/fashion-mnist folder above the executable's folder or the current folder, if any.</summary>
    internal static string? FindRepositoryData() => DataFolders.FindAbove("fashion-mnist");

    private static void RequireFull(string directory, string origin, bool testOnly)
    {
        if (File.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"{origin} names the file '{directory}', not a folder; point it at the folder that holds the four Fashion-MNIST IDX files.");
        }
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"The Fashion-MNIST folder given by {origin} ('{directory}') does not exist; point it at a folder holding the four IDX files.");
        }
        var missing = Missing(directory, testOnly ? TestFiles : TrainFiles.Concat(TestFiles));
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"The Fashion-MNIST folder given by {origin} ('{directory}') lacks {string.Join(", ", missing.Select(m => m + "(.gz)"))}. " +
                $"Put {(testOnly ? "the test split's two" : "all four")} IDX files there (apt-get install dataset-fashion-mnist provides them in /usr/share/datasets/fashion-mnist).");
        }
    }

    private static List<string> Missing(string directory, IEnumerable<string> baseNames) =>
        baseNames.Where(name => DataFolders.FindFile(directory, name) is null).ToList();

    private static Dataset ReadSplit(string directory, string[] files) =>
        DataFolders.ReadSplit(directory, files[0], files[1], "Fashion-MNIST", ClassNames);
}
