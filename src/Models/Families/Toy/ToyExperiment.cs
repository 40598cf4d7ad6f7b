// "cae-toy": the course's 2-D toy, the unconditional and the conditional toy AE trained side by side in one run. Each has
// its own Adam (--lr, the course's 1e-3) and its own ReduceLROnPlateau (factor 0.1, patience 50) on its validation MSE;
// every step is full batch (all 3,000 training points); a model stops once its learning rate falls below 1e-6, the run
// when both have (or after --epochs, at most 5,000). Loss terms: total = MSE_unconditional + MSE_conditional (the two
// share no parameter, so each optimizer sees only its model's gradient), and each MSE. Its figures are ToyFigures, beside
// it. --recipe engine (the default): uniform random curve points; per epoch step, evaluate, then schedule on the validation
// MSE. --recipe notebook, the notebook's order: evenly spaced points (linspace); per epoch zero grad, forward, backward,
// the validation MSE (of the weights before the step), the scheduler on it, then the optimizer's step. B = points.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class ToyExperiment : Experiment
{
    public const int MaxEpochs = 5000;

    /// <summary>Its registry row: its own data, full batch, no latent size to choose (the code is 1-D).</summary>
    public static ExperimentFamily Family { get; } =
        new("cae-toy", "the 2-D toy: unconditional and conditional AE in one run, full batch, ReduceLROnPlateau", (c, _) => new ToyExperiment(c))
        {
            DefaultLatent = 1, DefaultEpochs = MaxEpochs, DefaultLearningRate = 1e-3f, NeedsLabels = true, Data = Load, HasNotebookRecipe = true,
            RunSettings = ["model", "recipe", "epochs", "learning-rate", "seed", "device", "test-limit", "threads", "checkpoint-every"],
            CheckConfig = ConfigProblems,
        };

    /// <summary>Its ReduceLROnPlateau sets the rates, so --lr-schedule must be constant.</summary>
    public static IEnumerable<(string Key, string Problem)> ConfigProblems(RunConfig config)
    {
        if (config.LearningRateSchedule != LearningRateSchedule.Constant)
        {
            yield return ("lr-schedule", $"must be constant for cae-toy (its ReduceLROnPlateau sets the rates); got {config.LearningRateSchedule}");
        }
    }

    private static readonly ToyFitOptions s_course = new();
    private readonly ToyPair _model;
    private Dataset? _validation;

    public ToyExperiment(RunConfig config)
        : base(config)
    {
        _model = new ToyPair();
    }

    public override Module Model => _model;

    private bool Notebook => Config.Recipe == Recipes.Notebook;

    public override string Description =>
        $"The 2-D toy (sine and circle, {(Notebook ? "evenly spaced" : "uniform random")} points, noise 0.06; recipe {Config.Recipe}: " +
        (Notebook ? "validation and scheduler before each step" : "scheduler after each epoch's evaluation") +
        "): an unconditional and a conditional autoencoder with a 1-D code, full batch, " +
        $"Adam (lr {Config.LearningRate}) with ReduceLROnPlateau (factor {s_course.Factor}, patience {s_course.Patience}) each, " +
        $"until the learning rate is below {s_course.StopBelowLearningRate} (at most {Config.Epochs} epochs).";

    public override IReadOnlyList<string> Terms => ["total", "mse-unconditional", "mse-conditional"];

    /// <summary>The toy's points as a dataset of items of shape (2), labels 0 (sine) and 1 (circle); --limit and --dataset do not apply.</summary>
    public static DatasetSplits Load(RunConfig config)
    {
        bool evenly = config.Recipe == Recipes.Notebook;
        var (train, test) = ToyData.Load(config.Seed, evenly);
        Dataset Points(ToyPoints p) => new(p.Points, p.Labels, 1, 2, ToyData.ClassNames) { ItemShape = [2] };
        return new DatasetSplits("toy", Points(train), Points(test),
            $"the course's 2-D toy generated with seed {config.Seed}: {ToyData.PointsPerCurve:N0} {(evenly ? "evenly spaced" : "random")} " +
            $"points per curve, noise {ToyData.Noise}, " +
            $"{train.Count:N0} for training and {test.Count:N0} for validation");
    }

    protected override IReadOnlyList<TrainingOptimizer> CreateOptimizers()
    {
        var unconditional = new Adam(_model.Unconditional.Parameters(), Config.LearningRate);
        var conditional = new Adam(_model.Conditional.Parameters(), Config.LearningRate);
        return
        [
            new("unconditional", unconditional, new ReduceLROnPlateau(unconditional, s_course.Factor, s_course.Patience), SchedulerTerm: 1),
            new("conditional", conditional, new ReduceLROnPlateau(conditional, s_course.Factor, s_course.Patience), SchedulerTerm: 2),
        ];
    }

    /// <summary>Full batch: every training point in each step.</summary>
    public override int BatchSize(int trainingItems) => trainingItems;

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var points = batch.Items;                                                            // (B, 2)
        var labels = Tensor.FromArray(batch.Labels.Select(l => (float)l).ToArray(), batch.Count, 1);   // (B, 1)
        var unconditional = ToyAutoencoder.Loss(_model.Unconditional.Forward(points, null), points);
        var conditional = ToyAutoencoder.Loss(_model.Conditional.Forward(points, labels), points);
        var total = unconditional + conditional;
        return new LossTerms(total, [("total", total), ("mse-unconditional", unconditional), ("mse-conditional", conditional)]);
    }

    /// <summary>The recipe's step (one per epoch: full batch); a model whose learning rate fell below the floor has stopped.</summary>
    public override LossTerms Step(TrainingBatch batch) => Notebook ? NotebookStep(batch) : EngineStep(batch);

    /// <summary>The engine's: the canonical step; its schedulers read the epoch's test evaluation after it (EndEpoch).</summary>
    private LossTerms EngineStep(TrainingBatch batch)
    {
        foreach (var o in Optimizers) o.Optimizer.ZeroGrad();                                  // 1. zero grad
        var loss = Loss(batch, training: true);                                               // 2-3. forward and loss
        loss.Total.Backward();                                                                // 4. backward
        foreach (var o in Optimizers.Where(Running)) o.Optimizer.Step();                      // 5. step
        return loss;
    }

    /// <summary>
    /// The notebook's order: zero grad, forward, loss, backward, then the validation MSE of the weights not yet stepped, the
    /// scheduler on it (a cut applies to this very step), then the optimizer's step.
    /// </summary>
    private LossTerms NotebookStep(TrainingBatch batch)
    {
        var running = Optimizers.Where(Running).ToList();
        foreach (var o in Optimizers) o.Optimizer.ZeroGrad();                                  // zero grad
        var loss = Loss(batch, training: true);                                               // forward and loss
        loss.Total.Backward();                                                                // backward
        var validation = ValidationMse();                                                     // before the step
        foreach (var o in running) o.Scheduler!.Step(validation[o.SchedulerTerm]);            // the scheduler first
        foreach (var o in running) o.Optimizer.Step();                                        // then the optimizer
        return loss;
    }

    /// <summary>The notebook's validation terms (total, unconditional, conditional MSE) on the run's test points, in evaluation mode.</summary>
    internal float[] ValidationMse()
    {
        if (_validation is null)
        {
            var test = Load(Config).Test;                                                     // the points the trainer evaluates
            _validation = Config.TestLimit is int limit && limit < test.Count ? test.Slice(0, limit) : test;
        }
        using var evaluating = _model.Evaluating();
        var loader = new BatchLoader(_validation, _validation.Count, seed: 0, shuffle: false);
        return Loss(TrainingBatch.From(loader.Epoch(0).First(), _validation), training: false).ReadValues();
    }

    public override void EndEpoch(IReadOnlyList<double> testMeans)
    {
        if (Notebook) return;                                                                 // its schedulers ran in the step
        foreach (var o in Optimizers.Where(Running)) o.Scheduler!.Step((float)testMeans[o.SchedulerTerm]);
    }

    public override bool Finished => !Optimizers.Any(Running);

    private static bool Running(TrainingOptimizer o) => o.Optimizer.LearningRate >= s_course.StopBelowLearningRate;

    /// <summary>Both models' reconstructions of the first points, (x, y) unconditional then (x, y) conditional per point.</summary>
    public override float[] Outputs(Dataset test, int count)
    {
        var (unconditional, conditional) = Reconstruct(test);
        return Enumerable.Range(0, count).SelectMany(i => new[]
            { unconditional[2 * i], unconditional[2 * i + 1], conditional[2 * i], conditional[2 * i + 1] }).ToArray();
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => ToyFigures.Write(this, run, test, report);

    /// <summary>Each model's reconstructions (N, 2) of the points of <paramref name="data"/>, in evaluation mode.</summary>
    internal (float[] Unconditional, float[] Conditional) Reconstruct(Dataset data)
    {
        var points = new ToyPoints(data.Images, data.Images, data.Labels);
        return (ToyTraining.Reconstruct(_model.Unconditional, points), ToyTraining.Reconstruct(_model.Conditional, points));
    }

    /// <summary>The two toy AEs as one module, so one checkpoint holds both ("unconditional.*", "conditional.*").</summary>
    private sealed class ToyPair : Module
    {
        public ToyPair()
        {
            Unconditional = Add("unconditional", new ToyAutoencoder(conditional: false));
            Conditional = Add("conditional", new ToyAutoencoder(conditional: true));
        }

        public ToyAutoencoder Unconditional { get; }

        public ToyAutoencoder Conditional { get; }

        /// <summary>The unconditional model's reconstruction of points (B, 2); the conditional one needs the labels.</summary>
        public override Tensor Forward(Tensor input) => Unconditional.Forward(input);
    }
}
