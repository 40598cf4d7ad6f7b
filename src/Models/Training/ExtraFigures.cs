// Figures that later verbs (interpolate, sample, arithmetic) add to a finished run: listed in extra-figures.json in the
// run folder, so every rewrite of report.html (engine report, resume, these verbs) shows them after the experiment's own.
namespace Engine.Models.Training;

using System.Text.Json;
using Engine.Imaging;

public static class ExtraFigures
{
    public const string FileName = "extra-figures.json";

    /// <summary>Records a figure of the run (a file in its folder); a figure recorded again keeps its place, with the new caption.</summary>
    public static void Add(RunFolder run, string file, string caption)
    {
        var figures = Read(run);
        int index = figures.FindIndex(f => f.File == file);
        if (index >= 0) figures[index] = new Entry(file, caption);
        else figures.Add(new Entry(file, caption));
        File.WriteAllText(run.File(FileName), JsonSerializer.Serialize(figures, s_json));
    }

    /// <summary>Adds the recorded figures whose files still exist to <paramref name="report"/>.</summary>
    public static void AddTo(RunFolder run, ReportPage report)
    {
        foreach (var figure in Read(run).Where(f => File.Exists(run.File(f.File))))
        {
            report.AddFigure(figure.File, figure.Caption);
        }
    }

    private static List<Entry> Read(RunFolder run)
    {
        string path = run.File(FileName);
        if (!File.Exists(path)) return [];
        try
        {
            return JsonSerializer.Deserialize<List<Entry>>(File.ReadAllText(path), s_json) ?? [];
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a list of figures ({e.Message}); delete it to start a new list.");
        }
    }

    internal sealed record Entry(string File, string Caption);

    private static readonly JsonSerializerOptions s_json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // keep "->" readable
    };
}
