// A finished run loaded back for the latent-space verbs (interpolate, sample, arithmetic): its config, test set and
// weights, and the experiment seen through ILatentCode: an encoder to a code (the VAE's mean mu) and a decoder from one
// (any family that implements it works here; no list of types), and class-name parsing. A run opened to add figures
// holds the run folder's lock until disposed, so it cannot race a training run or another verb writing there.
// N = images, H, W = height, width, Z = latent size.
namespace Engine.Models;

using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

/// <summary>A finished run folder loaded back for the latent-space verbs: its config, test set, weights, encoder and decoder.</summary>
public sealed class TrainedRun : IDisposable
{
    private readonly ILatentCode _code;
    private readonly RunLock? _lock;

    private TrainedRun(RunFolder folder, RunConfig config, Module model, Dataset test, ILatentCode code, RunLock? runLock)
    {
        (Folder, Config, Model, Test, _code, _lock) = (folder, config, model, test, code, runLock);
    }

    public RunFolder Folder { get; }

    public RunConfig Config { get; }

    public Module Model { get; }

    public Dataset Test { get; }

    /// <summary>True for a VAE: its codes are the posterior means mu and its prior is N(0, I).</summary>
    public bool IsVariational => _code.IsVariational;

    public int Latent => _code.Latent;

    /// <summary>A short name for figure labels, e.g. "vae z2".</summary>
    public string Label => $"{Config.Family} z{Config.Latent}";

    /// <summary>
    /// Opens a run folder for reading (e.g. the run beside another in `interpolate --compare`): its checkpoint is checked
    /// first, then the test split alone is read; a folder without a checkpoint is a clear error. Takes no lock, so
    /// <see cref="AddToReport"/> refuses it.
    /// </summary>
    public static TrainedRun Load(string path, Action<string>? log = null)
    {
        var folder = RunFolder.Open(path);
        var (experiment, data) = new RunDriver { Log = log ?? (_ => { }) }.Load(path);   // refuses a missing or damaged checkpoint
        return From(folder, experiment, data.Test, runLock: null);
    }

    /// <summary>
    /// Opens a run folder to add figures to it: takes the run's lock first (a second writer, or a run training there, gets
    /// one clear line) and holds it until <see cref="Dispose"/>; then loads it as <see cref="Load"/> does.
    /// </summary>
    public static TrainedRun OpenForWriting(string path, Action<string>? log = null)
    {
        var folder = RunFolder.Open(path);
        var runLock = RunLock.Acquire(folder);
        try
        {
            RunCheckpoint.Recover(folder, log);                              // a swap a kill cut short
            var (experiment, data) = new RunDriver { Log = log ?? (_ => { }) }.PrepareTrained(folder);
            return From(folder, experiment, data.Test, runLock);
        }
        catch
        {
            runLock.Dispose();
            throw;
        }
    }

    private static TrainedRun From(RunFolder folder, Experiment experiment, Dataset test, RunLock? runLock)
    {
        var config = experiment.Config;
        if (experiment is not ILatentCode code)
        {
            runLock?.Dispose();
            throw new ArgumentException($"Run '{folder.Path}' holds a {config.Family} model, which has no single latent code to explore; " +
                $"use a run of {string.Join(", ", ExperimentRegistry.Families.Where(f => f.Importable).Select(f => f.Name))}.");
        }
        return new TrainedRun(folder, config, experiment.Model, test, code, runLock);
    }

    /// <summary>Releases the run folder's lock (a run opened for writing).</summary>
    public void Dispose() => _lock?.Dispose();

    /// <summary>Images (N, 1, H, W) to codes (N, Z); a VAE gives mu.</summary>
    public float[] Encode(float[] images) => Apply(_code.Encode, images, new Shape(1, 1, Test.Height, Test.Width));

    /// <summary>Codes (N, Z) to images (N, 1, H, W).</summary>
    public float[] Decode(float[] codes) => Apply(_code.Decode, codes, new Shape(1, Latent));

    /// <summary>The first test image of class <paramref name="label"/> (1, 1, H, W).</summary>
    public float[] FirstOf(int label)
    {
        int index = Array.IndexOf(Test.Labels, label);
        if (index < 0)
        {
            throw new ArgumentException($"The test set of run '{Folder.Path}' has no image of class {Test.ClassNames[label]}.");
        }
        return Test.Image(index).ToArray();
    }

    /// <summary>
    /// Records files of the run folder as report figures and rewrites report.html, under the lock taken by
    /// <see cref="OpenForWriting"/>; returns the report's path.
    /// </summary>
    public string AddToReport(IEnumerable<(string File, string Caption)> figures, Action<string>? log = null)
    {
        if (_lock is null)
        {
            throw new InvalidOperationException($"Run '{Folder.Path}' was opened for reading; open it with OpenForWriting to add figures.");
        }
        foreach (var (file, caption) in figures) ExtraFigures.Add(Folder, file, caption);
        return new RunDriver { Log = log ?? (_ => { }) }.RewriteReport(Folder).Report!;
    }

    /// <summary>A class given by index (0..K-1) or by name (any case; "t-shirt", "tshirt" or "top" for "T-shirt/top").</summary>
    public static int ParseClass(string text, IReadOnlyList<string> names)
    {
        if (int.TryParse(text, out int index))
        {
            return index >= 0 && index < names.Count ? index
                : throw new ArgumentException($"Class index {index} is outside 0..{names.Count - 1}.");
        }
        string wanted = Squeeze(text);
        for (int k = 0; k < names.Count; k++)
        {
            if (wanted.Length > 0 && (Squeeze(names[k]) == wanted || names[k].Split('/').Any(part => Squeeze(part) == wanted))) return k;
        }
        throw new ArgumentException(
            $"Unknown class '{text}'; use an index 0..{names.Count - 1} or one of: {string.Join(", ", names)}.");
    }

    /// <summary>A class name as a file-name part: "T-shirt/top" -> "t-shirt-top".</summary>
    public static string Slug(string name) =>
        string.Join('-', new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray())
            .Split('-', StringSplitOptions.RemoveEmptyEntries));

    private static string Squeeze(string text) => new(text.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray());

    private float[] Apply(Func<Tensor, Tensor> network, float[] values, Shape item, int batchSize = 256)
    {
        int size = item.Count;
        int n = values.Length / size;
        var outputs = new List<float>(n);
        using (Model.Evaluating())
        {
            for (int start = 0; start < n; start += batchSize)
            {
                using var scope = TensorScope.Begin();
                int count = Math.Min(batchSize, n - start);
                var x = Tensor.FromArray(values.AsSpan(start * size, count * size).ToArray(), item.With(0, count));
                outputs.AddRange(network(x).ToArray());
            }
        }
        return outputs.ToArray();
    }
}
