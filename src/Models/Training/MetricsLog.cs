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
        try
        {
            File.AppendAllText(_path, $"{split},{epoch},{step},{string.Join(",", cells)}\n");
        }
        catch (IOException e) when (DiskSpace.IsFull(e))
        {
            string run = Path.GetDirectoryName(_path)!;
            throw new IOException($"The disk holding '{run}' is full ({DiskSpace.Bytes(DiskSpace.Free(run))} free): a row of metrics.csv " +
                $"could not be written. Free some space, then continue with `engine resume {run}` (it cuts a partial row).");
        }
    }

    /// <summary>
    /// Reads the rows of one split: (epoch, step, values). A malformed file (a partial last line from a killed run, a
    /// missing cell, a cell that is not a number) is an <see cref="InvalidDataException"/> naming the line.
    /// </summary>
    public static List<(int Epoch, long Step, double[] Values)> Read(string path, string split) => Parse(File.ReadLines(path), path, split);

    /// <summary>As <see cref="Read"/>, from the file's lines; <paramref name="path"/> names it in errors.</summary>
    public static List<(int Epoch, long Step, double[] Values)> Parse(IEnumerable<string> lines, string path, string split)
    {
        var rows = new List<(int, long, double[])>();
        int number = 0, columns = 0;
        foreach (var line in lines)
        {
            number++;
            var cells = line.Split(',');
            if (number == 1)
            {
                if (cells.Length < 4 || cells[0] != "split" || cells[1] != "epoch" || cells[2] != "step")
                {
                    throw Malformed(path, 1, "the header must be split,epoch,step followed by one column per loss term");
                }
                columns = cells.Length;
                continue;
            }
            if (cells.Length != columns)
            {
                throw Malformed(path, number, $"it has {cells.Length} cells but the header has {columns}");
            }
            if (!int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch)
                || !long.TryParse(cells[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out long step))
            {
                throw Malformed(path, number, $"epoch '{Cut(cells[1])}' or step '{Cut(cells[2])}' is not an integer");
            }
            var values = new double[columns - 3];
            for (int c = 3; c < columns; c++)
            {
                if (!double.TryParse(cells[c], NumberStyles.Float, CultureInfo.InvariantCulture, out values[c - 3]))
                {
                    throw Malformed(path, number, $"cell {c + 1} ('{Cut(cells[c])}') is not a number");
                }
            }
            if (cells[0] == split) rows.Add((epoch, step, values));
        }
        if (number == 0)
        {
            throw Malformed(path, 1, "the file is empty");
        }
        return rows;
    }

    private static string Cut(string cell) => cell.Length <= 24 ? cell : cell[..24] + "...";

    private static InvalidDataException Malformed(string path, int line, string problem) =>
        new($"'{path}' line {line} is malformed: {problem}. A run killed while writing leaves a partial last line; " +
            "delete that line and try again.");

    private static string Header(IReadOnlyList<string> terms) => "split,epoch,step," + string.Join(",", terms) + "\n";
}
