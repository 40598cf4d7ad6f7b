// The files of one run: runs/<name>/ with config.json, the checkpoint folder (model.safetensors and
// training-state.safetensors, replaced together as one unit), metrics.csv, figures (PNG, GIF, SVG), report.html and
// run.lock (held while a process trains the run).
namespace Engine.Models.Training;

public sealed class RunFolder
{
    /// <summary>Names the folder; nothing is created until <see cref="Create"/>.</summary>
    public RunFolder(string path) => Path = System.IO.Path.GetFullPath(path);

    public string Path { get; }

    public string Config => File("config.json");

    /// <summary>The committed checkpoint: a folder replaced as a whole by <see cref="RunCheckpoint"/>.</summary>
    public string Checkpoint => File(RunCheckpoint.FolderName);

    public string Model => System.IO.Path.Combine(Checkpoint, "model.safetensors");

    public string TrainingState => System.IO.Path.Combine(Checkpoint, "training-state.safetensors");

    public string Metrics => File("metrics.csv");

    public string Report => File("report.html");

    public string Lock => File("run.lock");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Whether the folder holds (part of) a run: a config, a checkpoint or metrics.</summary>
    public bool HoldsRun =>
        System.IO.File.Exists(Config) || System.IO.File.Exists(Metrics) || Directory.Exists(Checkpoint)
        || Directory.Exists(Checkpoint + RunCheckpoint.NewSuffix) || Directory.Exists(Checkpoint + RunCheckpoint.OldSuffix);

    /// <summary>Whether the folder exists and holds anything besides run.lock.</summary>
    public bool HasFiles =>
        Directory.Exists(Path) && Directory.EnumerateFileSystemEntries(Path).Any(e => e != Lock);

    public void Create() => Directory.CreateDirectory(Path);

    /// <summary>Deletes everything in the folder except run.lock (the caller holds it): `train --overwrite`.</summary>
    public void Clear()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path).ToList())
        {
            if (entry == Lock) continue;
            if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
            else System.IO.File.Delete(entry);
        }
    }

    /// <summary>
    /// Refuses a run folder that cannot be created (a read-only disk, /proc, a parent that is a file) before any work: the
    /// missing folders are created and removed again, so nothing is left behind.
    /// </summary>
    public void CheckCreatable()
    {
        if (Directory.Exists(Path)) return;
        var first = new DirectoryInfo(Path);
        while (first.Parent is { Exists: false } parent) first = parent;
        try
        {
            Directory.CreateDirectory(Path);
            Directory.Delete(first.FullName, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            string why = e is UnauthorizedAccessException ? "permission denied"
                : e.HResult == 30 ? "a read-only file system"
                : first.Parent is { } parent && (parent.FullName.StartsWith("/proc", StringComparison.Ordinal) || parent.FullName.StartsWith("/sys", StringComparison.Ordinal))
                    ? $"{parent.FullName} is a kernel file system that holds no new folders"
                    : System.IO.File.Exists(first.FullName) ? $"'{first.FullName}' is a file" : "the file system refused it";
            throw new IOException($"Cannot create the run folder '{Path}' ({why}); choose a folder on a writable disk with --out.");
        }
    }

    /// <summary>A fresh folder name under <paramref name="root"/>: model-zLATENT-timestamp (model-timestamp for a family without a latent size: pca).</summary>
    public static string NewName(string root, RunConfig config) =>
        System.IO.Path.Combine(root, (Experiments.ExperimentRegistry.Find(config.Family).Settings.Contains("latent") ? $"{config.Family}-z{config.Latent}" : config.Family) +
            $"-{DateTime.Now:yyyyMMdd-HHmmss}");

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

    /// <summary>The run's configuration, validated: a hand-edited or damaged config.json is one clear error.</summary>
    public RunConfig ReadConfig()
    {
        RunConfig config;
        try
        {
            config = RunConfig.FromJson(System.IO.File.ReadAllText(Config), Config);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{Config} is not a valid run configuration (the JSON is broken or a value has the wrong " +
                $"type near line {e.LineNumber + 1}); restore it, or train the run again with --overwrite.");
        }
        config.Validate(Config);
        return config;
    }
}
