// The training loop shared by every experiment: for each batch the experiment's Step (by default the canonical five
// lines: zero grad, forward, loss, backward, step) inside a TensorScope; after each epoch its schedulers; a checkpoint every CheckpointEvery steps; per epoch a test evaluation, metrics
// and a checkpoint. Stops cleanly on cancellation (a signal) with a checkpoint, and stops with a clear error when a
// loss term or a test metric is NaN or infinite, never saving the model that produced it.
namespace Engine.Models.Training;

using System.Diagnostics;
using Engine.Autograd;
using Engine.Memory;
using Engine.Nn.Data;

public sealed class Trainer(Experiment experiment, RunFolder run, Dataset train, Dataset test)
{
    /// <summary>Called after each step with (epoch, batch index, batches per epoch, current total loss).</summary>
    public Action<int, int, int, double>? OnStep { get; init; }

    /// <summary>Called after each step with where the run stands (for a progress bar with elapsed time and ETA).</summary>
    public Action<TrainingProgress>? OnProgress { get; init; }

    /// <summary>Called after each epoch with its train and test means per term, its time and its throughput.</summary>
    public Action<EpochSummary>? OnEpoch { get; init; }

    public int EvaluationBatchSize { get; init; } = 256;

    /// <summary>Checks every op's output for NaN/Inf and names the first op that produced one (slow; for debugging).</summary>
    public bool DetectAnomaly { get; init; }

    /// <summary>The step of the last committed checkpoint (null: none yet), for true advice when the run fails.</summary>
    public long? LastCheckpointStep { get; private set; }

    /// <summary>Trains from <paramref name="state"/> to the configured number of epochs; returns false if cancelled.</summary>
    public bool Run(TrainingState state, MetricsLog log, CancellationToken cancel, bool resumedFromCheckpoint)
    {
        var config = experiment.Config;
        var model = experiment.Model;
        var loader = new BatchLoader(train, experiment.BatchSize(train.Count), config.Seed);
        int terms = log.Terms.Count;
        LastCheckpointStep = resumedFromCheckpoint ? state.GlobalStep : null;
        var (epoch, nextBatch, step, sums, batches) = (state.Epoch, state.NextBatch, state.GlobalStep, state.EpochSums, state.EpochBatches);
        using var anomaly = DetectAnomaly ? Anomaly.Detect() : null;
        long totalSteps = (long)config.Epochs * loader.BatchesPerEpoch;
        double doneAtStart = (double)(epoch * (long)loader.BatchesPerEpoch + nextBatch) / totalSteps;
        var clock = Stopwatch.StartNew();
        for (; epoch < config.Epochs && !experiment.Finished; epoch++, nextBatch = 0, sums = new double[terms], batches = 0)
        {
            model.Train();
            var epochStart = clock.Elapsed;
            int items = 0;
            foreach (var batch in loader.Epoch(epoch, nextBatch))
            {
                if (cancel.IsCancellationRequested)
                {
                    if (LastCheckpointStep != step) Save(new TrainingState(epoch, batch.Index, step, sums, batches, log.Length));
                    return false;
                }
                double[] values;
                using (TensorScope.Begin())
                {
                    LearningRateSchedule.Apply(experiment, step, totalSteps);
                    var loss = experiment.Step(TrainingBatch.From(batch, train));
                    values = Array.ConvertAll(loss.ReadValues(), v => (double)v);          // one device->host copy
                    CheckFinite(values, log.Terms, $"at epoch {epoch + 1}, batch {batch.Index + 1}");
                }
                step++;
                batches++;
                items += batch.Count;
                for (int i = 0; i < terms; i++) sums[i] += values[i];
                log.Write("step", epoch + 1, step, values);
                FaultPoint.Reach("step-logged");
                OnStep?.Invoke(epoch, batch.Index, loader.BatchesPerEpoch, values[0]);
                OnProgress?.Invoke(new TrainingProgress(epoch, config.Epochs, batch.Index, loader.BatchesPerEpoch, values[0], clock.Elapsed,
                    (double)(epoch * (long)loader.BatchesPerEpoch + batch.Index + 1) / totalSteps, doneAtStart));
                if (step % config.CheckpointEvery == 0)
                {
                    Save(new TrainingState(epoch, batch.Index + 1, step, sums, batches, log.Length));
                }
            }
            experiment.EndTrainingBatches();                                         // a fitted family (pca) fits here
            var trainTime = clock.Elapsed - epochStart;
            var trainMeans = sums.Select(s => s / Math.Max(batches, 1)).ToArray();
            var testMeans = Evaluate(experiment, test, EvaluationBatchSize);
            CheckFinite(testMeans, log.Terms, $"on the test set after epoch {epoch + 1}");
            log.Write("train", epoch + 1, step, trainMeans);
            log.Write("test", epoch + 1, step, testMeans);
            experiment.EndEpoch(testMeans);                                          // schedulers
            experiment.RecordEpoch(run, test, epoch + 1);                            // a family's per-epoch record
            Save(new TrainingState(epoch + 1, 0, step, new double[terms], 0, log.Length));
            OnEpoch?.Invoke(new EpochSummary(epoch, config.Epochs, log.Terms, trainMeans, testMeans, clock.Elapsed - epochStart, trainTime, items,
                DataUse.Unit(train)));
        }
        return true;
    }

    /// <summary>
    /// Mean of each loss term over a dataset, in evaluation mode and without gradients. With <paramref name="noise"/>,
    /// the network sees the images with Gaussian noise of that sigma (a fixed draw) and is scored against the clean ones
    /// (experiments that reconstruct their input only).
    /// </summary>
    public static double[] Evaluate(Experiment experiment, Dataset data, int batchSize, float? noise = null)
    {
        var model = experiment.Model;
        if (noise is not null && experiment is not ReconstructionExperiment)
        {
            throw new ArgumentException($"--noise scores denoising, but a {experiment.Config.Family} model does not reconstruct its input; " +
                "drop --noise.");
        }
        double[]? sums = null;
        var loader = new BatchLoader(data, batchSize, seed: 0, shuffle: false);
        using (model.Evaluating())
        {
            foreach (var batch in loader.Epoch(0))
            {
                using var scope = TensorScope.Begin();
                var items = TrainingBatch.From(batch, data);
                var loss = noise is float sigma && experiment is ReconstructionExperiment reconstruction
                    ? reconstruction.Loss(Tensor.FromArray(ImageTransforms.GaussianNoise(batch.Images, sigma, RandomStreams.EvaluationNoise,
                        (ulong)batch.Index * (ulong)batch.Images.Length), items.Items.Shape), items.Items, training: false)
                    : experiment.Loss(items, training: false);
                var values = loss.ReadValues();                                                // one device->host copy
                sums ??= new double[values.Length];
                for (int i = 0; i < sums.Length; i++) sums[i] += values[i] * batch.Count;
            }
        }
        return sums!.Select(s => s / data.Count).ToArray();
    }

    private void Save(TrainingState state)
    {
        if (RunHealth.FindBadWeight(experiment.Model) is string problem)
        {
            throw new TrainingDivergedException($"The weights became unusable by step {state.GlobalStep}: {problem}. " +
                $"{Kept()} Lower the learning rate (--lr, now {experiment.Config.LearningRate:G3}), then train again " +
                "(--overwrite replaces this run).");
        }
        RunCheckpoint.Save(run, experiment, state);
        LastCheckpointStep = state.GlobalStep;
    }

    private void CheckFinite(double[] values, IReadOnlyList<string> names, string where)
    {
        if (values.All(double.IsFinite)) return;
        string terms = string.Join(", ", names.Zip(values, (n, v) => $"{n} = {v:G4}"));
        throw new TrainingDivergedException(
            $"A loss term is not finite {where} ({terms}). {Kept()} Lower the learning rate (--lr, now " +
            $"{experiment.Config.LearningRate:G3}) or check the data, then train again (--overwrite replaces this run; " +
            "--detect-anomaly names the first op that produced it).");
    }

    private string Kept() => LastCheckpointStep is long saved
        ? $"The last checkpoint (step {saved}, before this happened) is kept in {run.Checkpoint}."
        : "No checkpoint had been saved yet, so there is nothing to resume.";
}

public sealed class TrainingDivergedException(string message) : Exception(message);

/// <summary>
/// Where a run stands after a step: <paramref name="Epoch"/> and <paramref name="Batch"/> count from 0; <paramref name="Elapsed"/>
/// is this process's training time; <paramref name="Done"/> the share of all the run's steps done, <paramref name="DoneAtStart"/>
/// the share done before this process started (a resumed run), so the ETA uses only the steps timed here.
/// </summary>
public sealed record TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, TimeSpan Elapsed, double Done, double DoneAtStart)
{
    /// <summary>The time the remaining steps take at this process's pace so far (evaluations included); null before any.</summary>
    public TimeSpan? Remaining => Done > DoneAtStart ? Elapsed * ((1 - Done) / (Done - DoneAtStart)) : null;
}

/// <summary>
/// One finished epoch (<paramref name="Epoch"/> counts from 0): the mean of each term over its training steps and on the test
/// set, its time (<paramref name="Elapsed"/>: steps, test evaluation and checkpoint; <paramref name="TrainTime"/>: steps alone)
/// and the items trained in it by this process (<paramref name="Unit"/>: "images" or "points").
/// </summary>
public sealed record EpochSummary(int Epoch, int Epochs, IReadOnlyList<string> Terms, double[] Train, double[] Test, TimeSpan Elapsed,
    TimeSpan TrainTime, int Items, string Unit = "images")
{
    /// <summary>Training throughput: items per second of step time.</summary>
    public double ItemsPerSecond => TrainTime > TimeSpan.Zero ? Items / TrainTime.TotalSeconds : 0;
}
