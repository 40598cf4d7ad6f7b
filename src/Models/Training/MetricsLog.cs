// metrics.csv: one row per training step ("step") and per epoch ("train", "test"), one column per loss term.
// Rows are only appended; a checkpoint records the file's length, and resume cuts the file back to it, so rows
// written after the checkpoint (a partial last line included) are written again exactly as an uninterrupted run would.
namespace Engine.Models.Training;

using System.Globalization;

public sealed class MetricsLog
{
    private readonly string _path;

    private MetricsLog(string path, IReadOnlyList<string> terms)
    {
        _path = path;
        Terms = terms;
    }

    public IReadOnlyList<string> Terms { get; }

    /// <summary>The file's length in bytes: the position a checkpoint records.</summary>
    public long Length => new FileInfo(_path).Length;

    /// <summary>Starts a new metrics.csv (the header row only).</summary>
    public static MetricsLog Create(string path, IReadOnlyList<string> terms)
    {
        File.WriteAllText(path, Header(terms));
        return new MetricsLog(path, terms);
    }

    /// <summary>Reopens the metrics of a run at a checkpoint: checks the header, then cuts the file back to <paramref name="length"/> bytes.</summary>
    public static MetricsLog Resume(string path, IReadOnlyList<string> terms, long length)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path} is missing, so the run's history is lost and a resumed run would not match " +
                "an uninterrupted one; restore it, or train again with --overwrite.", path);
        }
        string header = Header(terms);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            var start = new byte[header.Length];
            int read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
            if (read < start.Length || System.Text.Encoding.UTF8.GetString(start) != header)
            {
                throw new InvalidDataException($"{path} does not start with the header '{header.TrimEnd()}' of this run's loss terms; " +
                    "it was replaced or edited. Restore it, or train again with --overwrite.");
            }
            if (stream.Length < length)
            {
                throw new InvalidDataException($"{path} holds {stream.Length} bytes but the checkpoint was saved after {length}: " +
                    "rows were deleted. Restore it, or train again with --overwrite.");
            }
            stream.SetLength(Math.Max(length, header.Length));
        }
        return new MetricsLog(path, terms);
    }

    public void Write(string split, int epoch, long step, IReadOnlyList<double> values)
    {
        var cells = values.Select(v => v.ToString("R", CultureInfo.InvariantCulture));
        File.AppendAllText(_path, $"{split},{epoch},{step},{string.Join(",", cells)}\n");
    }

    /// <summary>Reads the rows of one split: (epoch, step, values).</summary>
    public static List<(int Epoch, long Step, double[] Values)> Read(string path, string split)
    {
        var rows = new List<(int, long, double[])>();
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            if (cells[0] != split) continue;
            rows.Add((int.Parse(cells[1], CultureInfo.InvariantCulture), long.Parse(cells[2], CultureInfo.InvariantCulture),
                cells.Skip(3).Select(c => double.Parse(c, CultureInfo.InvariantCulture)).ToArray()));
        }
        return rows;
    }

    private static string Header(IReadOnlyList<string> terms) => "split,epoch,step," + string.Join(",", terms) + "\n";
}
