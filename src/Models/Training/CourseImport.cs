// `engine import`: a run folder made from course-trained PyTorch weights (the notebook's encoder.state_dict() and
// decoder.state_dict() saved as safetensors). The weights are checked (names, shapes, finite values) before anything is
// written; the folder then holds config.json, a committed checkpoint at step 0 (so `resume` fine-tunes from the course
// weights for the configured epochs), metrics.csv with the imported model's test metrics as epoch 0, and report.html.
namespace Engine.Models.Training;

public static class CourseImport
{
    /// <summary>Imports into <paramref name="runPath"/>; returns the report's path.</summary>
    public static RunOutcome Run(RunConfig config, string runPath, string encoderFile, string decoderFile, bool overwrite,
        Action<string> log)
    {
        config.Validate();
        var run = new RunFolder(runPath);
        RunDriver.CheckTarget(run, overwrite);
        var driver = new RunDriver { Log = log };
        config = driver.WithDeviceDefaults(config);
        var (experiment, data) = driver.Prepare(config);
        if (!Experiments.ExperimentRegistry.Find(config.Family).Importable || experiment.Model is not ICourseAutoencoder model)
        {
            throw new ArgumentException($"Model '{config.Family}' is not built from the course's Encoder and Decoder; import needs one that is.");
        }
        CourseWeights.Import(model, encoderFile, decoderFile);                 // checks every name and shape first
        if (RunHealth.FindBadWeight(experiment.Model) is { } bad)
        {
            throw new InvalidDataException($"The imported weights are not usable: {bad}. Export them again from a healthy PyTorch model.");
        }
        var test = Trainer.Evaluate(experiment, data.Test, 256);

        using (RunLock.Acquire(run))
        {
            RunDriver.CheckTarget(run, overwrite);                            // again, now that no other process can start here
            if (overwrite && run.HoldsRun)
            {
                log($"Replacing the run in {run.Path} (--overwrite).");
                run.Clear();
            }
            Nn.Checkpoints.SafetensorsFile.WriteAtomically(run.Config, s => s.Write(System.Text.Encoding.UTF8.GetBytes(config.ToJson())));
            var metrics = MetricsLog.Create(run.Metrics, experiment.Terms);
            metrics.Write("test", 0, 0, test);                               // the imported model, before any training here
            var state = TrainingState.Start(experiment.Terms.Count) with { MetricsBytes = metrics.Length };
            RunCheckpoint.Save(run, experiment, state);
        }
        log($"Imported {config.Family} (latent {config.Latent}) from {encoderFile} and {decoderFile} into {run.Path}; " +
            $"test {string.Join(", ", experiment.Terms.Zip(test, (t, v) => $"{t} {v:G5}"))}.");
        return driver.Report(run.Path);
    }
}
