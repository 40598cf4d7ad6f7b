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

    /// <summary>Drops step rows after <paramref name="step"/> (a resumed run rewrites them).</summary>
    public void TruncateAfter(long step)
    {
        var kept = File.ReadLines(_path).Where((line, i) =>
            i == 0 || long.Parse(line.Split(',')[2], CultureInfo.InvariantCulture) <= step).ToList();
        File.WriteAllText(_path, string.Join("\n", kept) + "\n");
    }
}
