// Where the bundled datasets live and how their IDX files are named: shared by FashionMnist and MnistDigits.
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
}
