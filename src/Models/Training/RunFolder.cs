// The files of one run: runs/<name>/ with config.json, model.safetensors, training-state.safetensors,
// metrics.csv, figures (PNG, GIF, SVG) and report.html.
namespace Engine.Models.Training;

public sealed class RunFolder
{
    public RunFolder(string path)
    {
        Path = System.IO.Path.GetFullPath(path);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Config => File("config.json");

    public string Model => File("model.safetensors");

    public string TrainingState => File("training-state.safetensors");

    public string Metrics => File("metrics.csv");

    public string Report => File("report.html");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A fresh folder name under <paramref name="root"/>: model-latent-timestamp.</summary>
    public static string NewName(string root, RunConfig config) =>
        System.IO.Path.Combine(root, $"{config.Model}-z{config.Latent}-{DateTime.Now:yyyyMMdd-HHmmss}");

    /// <summary>Opens an existing run, with a clear error when it is not one.</summary>
    public static RunFolder Open(string path)
    {
        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"Run folder '{path}' does not exist. Pass the folder printed by `engine train`.");
        }
        var run = new RunFolder(path);
        if (!System.IO.File.Exists(run.Config))
        {
            throw new FileNotFoundException($"'{path}' is not a run folder: it has no config.json.", run.Config);
        }
        return run;
    }
}
