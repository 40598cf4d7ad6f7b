// Where the bundled datasets live, how their IDX files are found, and one split read from an images + labels pair:
// shared by FashionMnist and MnistDigits.
namespace Engine.Nn.Data;

internal static class DataFolders
{
    /// <summary>The nearest data/<paramref name="name"/> folder above the executable's folder or the current folder, if any.</summary>
    public static string? FindAbove(string name)
    {
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                string candidate = Path.Combine(folder.FullName, "data", name);
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    /// <summary>The raw IDX file if present, else the .gz one, else null.</summary>
    public static string? FindFile(string directory, string baseName)
    {
        string raw = Path.Combine(directory, baseName);
        if (File.Exists(raw))
        {
            return raw;
        }
        string gz = raw + ".gz";
        return File.Exists(gz) ? gz : null;
    }

    /// <summary>One split from its images and labels files (raw or .gz), checked to match each other and the class list.</summary>
    public static Dataset ReadSplit(string directory, string imagesName, string labelsName, string dataset, IReadOnlyList<string> classNames)
    {
        string imagesPath = FindFile(directory, imagesName)!;
        string labelsPath = FindFile(directory, labelsName)!;
        var images = IdxReader.ReadImages(imagesPath);
        int[] labels = IdxReader.ReadLabels(labelsPath);
        if (images.Count != labels.Length)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds {images.Count} images but '{labelsPath}' holds {labels.Length} labels; the two files must come from the same split.");
        }
        if (images.Count == 0)
        {
            throw new InvalidDataException(
                $"'{imagesPath}' holds 0 images (a valid but empty IDX file), so there is nothing to train or test on; restore the " +
                $"{dataset} files (the full set has 60,000 training and 10,000 test images) or point --data at another folder.");
        }
        foreach (int label in labels)
        {
            if (label >= classNames.Count)
            {
                throw new InvalidDataException(
                    $"'{labelsPath}' holds the label {label}; {dataset} labels are 0..{classNames.Count - 1}. Is this the right dataset?");
            }
        }
        return new Dataset(images.Pixels, labels, images.Rows, images.Cols, classNames);
    }
}
