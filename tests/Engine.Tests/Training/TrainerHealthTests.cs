// The trainer's health checks: an infinite test metric stops the run with advice that is true about the checkpoint,
// the objective is each experiment's first loss term (the health verdict reads it), and the checks of a finished run.
namespace Engine.Tests.Training;

using Engine.Imaging;
using Engine.Nn;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;

public class TrainerHealthTests
{
    private static RunConfig Config(int checkpointEvery) => new()
    {
        Family = "ae", Latent = 3, Epochs = 1, BatchSize = 32, Seed = 4, Limit = 64, TestLimit = 32, CheckpointEvery = checkpointEvery,
    };

    /// <summary>Another experiment, except that its test loss is infinite.</summary>
    private sealed class InfiniteTestLoss(Experiment inner) : Experiment(inner.Config)
    {
        public override Module Model => inner.Model;
        public override string Description => inner.Description;
        public override IReadOnlyList<string> Terms => inner.Terms;
        public override IReadOnlyList<Generator> Generators => inner.Generators;
        public override LossTerms Loss(TrainingBatch batch, bool training)
        {
            var loss = inner.Loss(batch, training);
            return training ? loss : LossTerms.Single(Terms[0], loss.Total * float.PositiveInfinity);
        }
        public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => inner.WriteFigures(run, test, report);
    }

    [TestCase(1000, "No checkpoint had been saved yet, so there is nothing to resume.")]
    [TestCase(1, "The last checkpoint (step 2, before this happened) is kept in")]
    public void AnInfiniteTestLossStopsTheRunWithTrueAdvice(int checkpointEvery, string advice)
    {
        using var temp = new TempFolder();
        var (inner, data) = new RunDriver { Log = _ => { } }.Prepare(Config(checkpointEvery));
        var experiment = new InfiniteTestLoss(inner);
        var run = new RunFolder(temp.File("run"));
        run.Create();
        var trainer = new Trainer(experiment, run, data.Train, data.Test);
        var log = MetricsLog.Create(run.Metrics, experiment.Terms);
        var e = Assert.Throws<TrainingDivergedException>(() =>
            trainer.Run(TrainingState.Start(1), log, default, resumedFromCheckpoint: false))!;
        Assert.That(e.Message, Does.StartWith("A loss term is not finite on the test set after epoch 1 (bce = "));
        Assert.That(e.Message, Does.Contain(advice));
        Assert.That(MetricsLog.Read(run.Metrics, "test"), Is.Empty, "no test row with an infinite value");
        Assert.That(Directory.Exists(run.Checkpoint), Is.EqualTo(checkpointEvery == 1), "the epoch's checkpoint is not written");
    }

    [TestCaseSource(typeof(RunDriver), nameof(RunDriver.ModelNames))]
    public void TheObjectiveIsTheFirstTerm(string model)
    {
        var config = new RunConfig { Family = model, Latent = 4, Limit = 32, TestLimit = 32 }.With(new AaeOptions { Labels = 1 });   // aae-semi: one known label fits any slice
        var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(config);
        var batch = new BatchLoader(data.Test, 2, seed: 0, shuffle: false).Epoch(0).First();
        using (NoGrad.Scope())
        {
            var loss = experiment.Loss(TrainingBatch.From(batch, data.Test), training: false);
            Assert.That(loss.Terms[0].Value.ToScalar(), Is.EqualTo(loss.Total.ToScalar()), "RunHealth reads the first term as the objective");
        }
    }
}
