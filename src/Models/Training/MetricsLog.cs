// metrics.csv: one row per training step ("step") and per epoch ("train", "test"), one column per loss term.
namespace Engine.Models.Training;

using System.Globalization;

public sealed class MetricsLog
{
    private readonly string _path;

    public MetricsLog(string path, IReadOnlyList<string> terms, bool append)
    {
        _path = path;
        Terms = terms;
        if (!append || !File.Exists(path))
        {
            File.WriteAllText(path, "split,epoch,step," + string.Join(",", terms) + "\n");
        }
    }

    public IReadOnlyList<string> Terms { get; }

    public void Write(string split, int epoch, long step, IReadOnlyList<double> values)
    {
        var cells = values.Select(v => v.ToString("R", CultureInfo.InvariantCulture));
        File.AppendAllText(_path, $"{split},{epoch},{step},{string.Join(",", cells)}\n");
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

    /// <summary>Drops step rows after <paramref name="step"/> (a resumed run rewrites them).</summary>
    public void TruncateAfter(long step)
    {
        var kept = File.ReadLines(_path).Where((line, i) =>
            i == 0 || long.Parse(line.Split(',')[2], CultureInfo.InvariantCulture) <= step).ToList();
        File.WriteAllText(_path, string.Join("\n", kept) + "\n");
    }
}
