// Issue 11: the loss terms of a training step come back to the host in one device->host copy (LossTerms.ReadValues), on
// every backend: the copies are counted on ILGPU's CPU accelerator, and the values are the terms' own floats, bit for bit.
namespace Engine.Tests.Training;

using Engine.Kernels.Ilgpu;
using Engine.Models.Training;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.IlgpuCpu)]                      // a training run on ilgpu-cpu: minutes of CPU
public class LossReadBackTests
{
    private static RunConfig Vae(string device) =>
        new() { Family = "vae", Device = device, Latent = 2, Limit = 6, TestLimit = 2, BatchSize = 2, Epochs = 1, CheckpointEvery = 1000 };

    [TestCase("cpu"), TestCase("ilgpu-cpu")]
    public void TheValuesAreTheTermsOwnFloats(string device)
    {
        var previous = Tensor.DefaultBackend;
        try
        {
            var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(Vae(device));
            var batch = new BatchLoader(data.Train, 2, seed: 0, shuffle: false).Epoch(0).First();
            using (NoGrad.Scope())
            {
                var loss = experiment.Loss(TrainingBatch.From(batch, data.Train), training: true);
                Assert.That(loss.Terms, Has.Count.GreaterThan(1), "a family with several terms");
                Assert.That(loss.ReadValues(), Is.EqualTo(loss.Terms.Select(t => t.Value.ToScalar()).ToArray()));
            }
        }
        finally
        {
            Tensor.DefaultBackend = previous;
        }
    }

    [Test]
    public void ATrainingStepReadsItsLossTermsBackInOneCopy()
    {
        var previous = Tensor.DefaultBackend;
        using var temp = new TempFolder();
        try
        {
            var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(Vae("ilgpu-cpu"));
            var backend = (IlgpuBackend)Tensor.DefaultBackend;
            var run = new RunFolder(temp.File("run"));
            run.Create();
            var copies = new List<long>();
            var trainer = new Trainer(experiment, run, data.Train, data.Test) { OnStep = (_, _, _, _) => copies.Add(backend.HostCopies) };
            bool finished = trainer.Run(TrainingState.Start(experiment.Terms.Count), MetricsLog.Create(run.Metrics, experiment.Terms),
                default, resumedFromCheckpoint: false);
            Assert.That(finished, Is.True);
            Assert.That(copies, Has.Count.EqualTo(3));
            Assert.That(copies.Zip(copies.Skip(1), (before, after) => after - before), Is.All.EqualTo(1),
                $"device->host copies per step of {experiment.Terms.Count} loss terms");
        }
        finally
        {
            Tensor.DefaultBackend = previous;
        }
    }
}
