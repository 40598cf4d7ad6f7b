// The checkpoint of a run as one unit: checkpoint/ holds model.safetensors, training-state.safetensors and manifest.txt
// (both files' sizes and SHA-256, written last; the training state also records the model file's SHA-256 and how many
// bytes of metrics.csv belong to it). A new checkpoint is written whole into checkpoint.new/, each file flushed to disk
// before its rename and each folder after, then swapped in by two renames (checkpoint -> checkpoint.old,
// checkpoint.new -> checkpoint) with the run folder flushed after each; Recover finishes or undoes a swap cut short by a
// kill, so a run folder always holds one committed pair, also after a power cut (docs/reliability.md).
namespace Engine.Models.Training;

using System.Security.Cryptography;
using Engine.Nn.Checkpoints;

public static class RunCheckpoint
{
    public const string FolderName = "checkpoint";
    public const string NewSuffix = ".new";
    public const string OldSuffix = ".old";
    public const string ModelFile = "model.safetensors";
    public const string StateFile = "training-state.safetensors";

    /// <summary>The training state's metadata key saying the checkpoint has a manifest (folders from before it have none).</summary>
    internal const string ManifestKey = "manifest";

    /// <summary>Writes the model, the training state and the metrics position, then commits them in one step.</summary>
    public static void Save(RunFolder run, Experiment experiment, TrainingState state)
    {
        string next = run.Checkpoint + NewSuffix, old = run.Checkpoint + OldSuffix;
        DeleteFolder(next);                                           // a checkpoint a kill left unfinished
        if (File.Exists(run.Metrics)) Durable.FsyncFile(run.Metrics); // the rows the state's metrics length covers, on disk first
        try
        {
            Directory.CreateDirectory(next);
            string model = Path.Combine(next, ModelFile);
            Checkpoint.Save(experiment.Model, model, new Dictionary<string, string>   // each file: fsync, rename, fsync its folder
            {
                ["model"] = experiment.Config.Family,
                ["config"] = experiment.Config.ToJson(),
            });
            FaultPoint.Reach("checkpoint-model-written");
            state.Save(Path.Combine(next, StateFile), experiment.Optimizers, experiment.Generators, Sha256(model), experiment.GatheredState());
            FaultPoint.Reach("checkpoint-state-written");
            CheckpointManifest.Write(next);                           // last: the pair is whole once this is on disk
            FaultPoint.Reach("checkpoint-manifest-written");
        }
        catch (IOException e) when (DiskSpace.IsFull(e))
        {
            TryDeleteFolder(next);
            throw DiskSpace.FullWhileSaving(run);
        }
        DeleteFolder(old);
        if (Directory.Exists(run.Checkpoint)) Durable.MoveFolder(run.Checkpoint, old);   // each rename, then fsync the run folder
        FaultPoint.Reach("checkpoint-old-moved");
        Durable.MoveFolder(next, run.Checkpoint);                     // the commit
        FaultPoint.Reach("checkpoint-new-moved");
        DeleteFolder(old);
    }

    /// <summary>
    /// After a kill: completes a swap that moved the old checkpoint aside (the new one was whole by then), drops an
    /// uncommitted checkpoint.new and temporary files of interrupted atomic writes. Call it holding the run's lock.
    /// </summary>
    public static void Recover(RunFolder run, Action<string>? log = null)
    {
        string next = run.Checkpoint + NewSuffix, old = run.Checkpoint + OldSuffix;
        if (!Directory.Exists(run.Checkpoint) && Directory.Exists(old))
        {
            bool finished = Directory.Exists(next);
            Durable.MoveFolder(finished ? next : old, run.Checkpoint);
            log?.Invoke(finished
                ? $"Finished the checkpoint swap a stopped process left in {run.Path}: {FolderName}{NewSuffix}/ (whole) is now {FolderName}/."
                : $"Restored {FolderName}/ in {run.Path} from {FolderName}{OldSuffix}/, which a stopped process had moved aside.");
        }
        if (Directory.Exists(next))
        {
            DeleteFolder(next);
            log?.Invoke($"Removed {FolderName}{NewSuffix}/ from {run.Path}: a checkpoint a stopped process had not finished saving " +
                $"(the committed one in {FolderName}/ is used).");
        }
        DeleteFolder(old);
        foreach (var temporary in Directory.EnumerateFiles(run.Path, ".*.tmp")) File.Delete(temporary);
    }

    /// <summary>
    /// Opens and checks the committed checkpoint without building a model (so eval, report and the latent verbs can refuse
    /// a damaged one before they read any data): both files present, the pair's SHA-256, the model file's format, dtypes and
    /// values (finite weights, running variances >= 0), and the config it was trained with against <paramref name="config"/>.
    /// Returns the training state's position, or null when the run has no checkpoint yet.
    /// </summary>
    public static TrainingState? Check(RunFolder run, RunConfig config)
    {
        if (!Directory.Exists(run.Checkpoint)) return null;
        foreach (var file in new[] { run.Model, run.TrainingState })
        {
            if (!File.Exists(file))
            {
                throw new InvalidDataException($"The checkpoint in {run.Checkpoint} is incomplete: {Path.GetFileName(file)} is missing. " +
                    "It was changed by hand; restore it or train the run again with --overwrite.");
            }
        }
        string manifest = Path.Combine(run.Checkpoint, CheckpointManifest.FileName);
        bool hasManifest = File.Exists(manifest);
        if (hasManifest) CheckpointManifest.Verify(run.Checkpoint);    // both files whole, or the one at fault named
        var contents = SafetensorsFile.Read(run.TrainingState);
        if (!hasManifest && contents.Metadata.ContainsKey(ManifestKey))
        {
            throw new InvalidDataException($"The checkpoint in {run.Checkpoint} is incomplete: {CheckpointManifest.FileName} (both files' " +
                "sizes and SHA-256) is missing, so the files cannot be checked. Restore it, or train the run again with --overwrite.");
        }
        if (!contents.Metadata.TryGetValue("model_sha256", out var recorded) || recorded != Sha256(run.Model))
        {
            throw new InvalidDataException($"The checkpoint in {run.Checkpoint} is not one unit: {ModelFile} is not the model that " +
                $"{StateFile} was saved with (its SHA-256 differs). One of the two was replaced; restore the pair or train again with --overwrite.");
        }
        var meta = Checkpoint.Verify(run.Model);
        if (meta.TryGetValue("config", out var saved) && RunConfig.FromJson(saved, run.Model) != config)
        {
            throw new InvalidDataException($"{run.Config} does not match the configuration the checkpoint in {run.Checkpoint} was " +
                "trained with (the copy in model.safetensors' metadata). Restore config.json, or train again with --overwrite.");
        }
        return TrainingState.Read(contents, run.TrainingState);
    }

    /// <summary>
    /// Checks the committed checkpoint (<see cref="Check"/>), then loads it into the experiment's model (names and shapes
    /// checked against it) and, when <paramref name="training"/>, its optimizers, schedulers, random streams and what it gathered;
    /// returns the training state, or null when the run has no checkpoint yet.
    /// </summary>
    public static TrainingState? Load(RunFolder run, Experiment experiment, bool training)
    {
        if (Check(run, experiment.Config) is not { } position) return null;
        Checkpoint.Load(experiment.Model, run.Model);
        RunHealth.CheckWeights(experiment.Model, run.Model);
        if (!training) return position;
        var contents = SafetensorsFile.Read(run.TrainingState);
        var state = TrainingState.Load(contents, run.TrainingState, experiment.Optimizers, experiment.Generators);
        experiment.RestoreGatheredState(contents, run.TrainingState);
        return state;
    }

    internal static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void DeleteFolder(string path)
    {
        if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
    }

    private static void TryDeleteFolder(string path)
    {
        try
        {
            DeleteFolder(path);
        }
        catch (IOException)
        {
            // The disk-full error matters more; Recover removes what is left at the next start and says so.
        }
    }
}
