// One course experiment: a model, its optimizers (any number, each over a subset of the parameters, with its own settings
// and an optional scheduler), its training step, its loss terms and its figures. The step is the canonical five lines
// (zero grad, forward, loss, backward, step), written once here; a family with phases overrides Step.
namespace Engine.Models.Training;

using Engine.Imaging;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public abstract class Experiment
{
    private IReadOnlyList<TrainingOptimizer>? _optimizers;

    protected Experiment(RunConfig config) => Config = config;

    public RunConfig Config { get; }

    /// <summary>Everything the checkpoint saves (a family of several networks holds them as children of one module).</summary>
    public abstract Module Model { get; }

    /// <summary>A one-line description for the report.</summary>
    public abstract string Description { get; }

    /// <summary>Random streams the run draws from (saved in the training state so resume is exact).</summary>
    public virtual IReadOnlyList<Generator> Generators => [];

    /// <summary>The names of the loss terms <see cref="Loss"/> returns, in its order (metrics.csv columns); the first is the objective.</summary>
    public abstract IReadOnlyList<string> Terms { get; }

    /// <summary>The loss terms of a batch: the forward pass and the loss (training: the model is in training mode and may draw noise).</summary>
    public abstract LossTerms Loss(TrainingBatch batch, bool training);

    /// <summary>The optimizers, created once on first use (after the weights, so the weights' random draws come first).</summary>
    public IReadOnlyList<TrainingOptimizer> Optimizers => _optimizers ??= CreateOptimizers();

    /// <summary>One Adam over every parameter at --lr (weight decay --weight-decay, 0 by default). Families with several override this.</summary>
    protected virtual IReadOnlyList<TrainingOptimizer> CreateOptimizers() =>
        [new TrainingOptimizer("", new Adam(Model.Parameters(), Config.LearningRate, weightDecay: Config.WeightDecay))];

    /// <summary>Items a training batch holds (the full-batch toy takes the whole training set).</summary>
    public virtual int BatchSize(int trainingItems) => Config.BatchSize;

    /// <summary>One training step on <paramref name="batch"/>; returns its loss terms (computed before the update).</summary>
    public virtual LossTerms Step(TrainingBatch batch)
    {
        foreach (var o in Optimizers) o.Optimizer.ZeroGrad();      // 1. zero grad
        var loss = Loss(batch, training: true);                     // 2-3. forward and loss
        loss.Total.Backward();                                      // 4. backward
        foreach (var o in Optimizers) o.Optimizer.Step();           // 5. step
        return loss;
    }

    /// <summary>
    /// Called once an epoch's training batches are all seen (also by a resumed run that had none of them left), before the
    /// epoch's test evaluation. A family fitted in closed form rather than trained (pca: its Step gathers statistics of the
    /// batch, it has no optimizer) fits its model here from what its steps gathered; a trained family does nothing.
    /// </summary>
    public virtual void EndTrainingBatches()
    {
    }

    /// <summary>
    /// What the experiment has gathered that a checkpoint must keep, beyond the weights, optimizers and random streams, for
    /// resume to be exact (pca: the running sums of its steps, in double): saved in the training-state file under these
    /// names. Empty for a trained family.
    /// </summary>
    public virtual IReadOnlyList<SafetensorsTensor> GatheredState() => [];

    /// <summary>Restores what <see cref="GatheredState"/> saved, from the training-state file at <paramref name="path"/>.</summary>
    public virtual void RestoreGatheredState(SafetensorsContents contents, string path)
    {
    }

    /// <summary>After each epoch's test evaluation: every scheduler reads its test term.</summary>
    public virtual void EndEpoch(IReadOnlyList<double> testMeans)
    {
        foreach (var o in Optimizers) o.Scheduler?.Step((float)testMeans[o.SchedulerTerm]);
    }

    /// <summary>
    /// After each epoch's test evaluation and schedulers, before the epoch's checkpoint: a family may keep a record of the
    /// epoch (<paramref name="epoch"/> from 1) in the run folder, as the adversarial AEs keep their test codes for the
    /// latent-space animation. It must be idempotent (a file per epoch, overwritten): an epoch cut short by a stop is
    /// trained again after resume and records again.
    /// </summary>
    public virtual void RecordEpoch(RunFolder run, Dataset test, int epoch)
    {
    }

    /// <summary>True when training should stop before the configured epochs (the toy: every learning rate has fallen below its floor).</summary>
    public virtual bool Finished => false;

    /// <summary>
    /// The network's outputs for the first <paramref name="count"/> test items, flattened per item, for the collapse check of
    /// RunHealth (a network whose output is the same for every item); null when the family has no such output.
    /// </summary>
    public virtual float[]? Outputs(Dataset test, int count) =>
        Experiments.Figures.Apply(Model, Model.Forward, test.Images.AsSpan(0, count * test.PixelsPerImage).ToArray(), test.Height, test.Width);

    /// <summary>
    /// Scores beyond the loss terms on a test set (e.g. super-resolution's PSNR and SSIM against bicubic), as the report and
    /// `engine eval` show them; `eval --dataset` gives another dataset's test set (how data-specific is the model?).
    /// </summary>
    public virtual IReadOnlyList<KeyValuePair<string, double>> TestMetrics(Dataset test) => [];

    /// <summary>Writes the experiment's figures into the run folder and adds them to the report.</summary>
    public abstract void WriteFigures(RunFolder run, Dataset test, ReportPage report);
}

/// <summary>
/// One optimizer of an experiment: <paramref name="Name"/> names its state in the training-state file (empty for the single
/// optimizer of the canonical step), and an optional ReduceLROnPlateau reads test term <paramref name="SchedulerTerm"/>.
/// </summary>
public sealed record TrainingOptimizer(string Name, Optimizer Optimizer, ReduceLROnPlateau? Scheduler = null, int SchedulerTerm = 0)
{
    /// <summary>The rate the optimizer was built with: lr_0 of --lr-schedule cosine.</summary>
    public float BaseRate { get; } = Optimizer.LearningRate;
}
