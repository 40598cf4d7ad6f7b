// --lr-schedule: the cosine factor's values, the rates a run's optimizers end with, and a bit-exact resume mid-schedule.
namespace Engine.Tests.Optim;

using System.Globalization;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Training;

public class LearningRateScheduleTests
{
    [TestCase(0, 1.0), TestCase(25, 0.8535533905932737), TestCase(50, 0.5), TestCase(75, 0.14644660940672627), TestCase(100, 0.0)]
    public void CosineFallsFromOneToZeroOverTheRun(long step, double expected)
    {
        Assert.That(LearningRateSchedule.Factor(LearningRateSchedule.Cosine, step, 100), Is.EqualTo(expected).Within(1e-7));
        Assert.That(LearningRateSchedule.Factor(LearningRateSchedule.Constant, step, 100), Is.EqualTo(1f));
    }

    /// <summary>
    /// 96 images at batch 32 for 2 epochs: 6 steps. The last step ran at lr_0 ½ (1 + cos(5π / 6)); the training state
    /// keeps each optimizer's rate, here the AAE's three (each built with --lr).
    /// </summary>
    [TestCase("ae"), TestCase("aae")]
    public void EveryOptimizerEndsAtTheLastStepsRate(string model)
    {
        using var temp = new TempFolder();
        var config = Config(model);
        Assert.That(new RunDriver { Log = _ => { } }.Train(config, temp.File("run")).Report, Is.Not.Null);
        var state = SafetensorsFile.Read(Path.Combine(new RunFolder(temp.File("run")).Checkpoint, "training-state.safetensors"));
        var rates = state.Metadata.Where(m => m.Key.EndsWith("learning_rate", StringComparison.Ordinal)).ToList();
        Assert.That(rates, Has.Count.EqualTo(model == "aae" ? 3 : 1));
        float expected = config.LearningRate * (float)(0.5 * (1 + Math.Cos(Math.PI * 5 / 6)));
        foreach (var (key, value) in rates)
        {
            Assert.That(float.Parse(value, CultureInfo.InvariantCulture), Is.EqualTo(expected), key);
        }
    }

    /// <summary>Stopped after 4 of 6 steps and resumed: the same weights, optimizer states and rates as a straight run.</summary>
    [Test]
    public void ResumedCosineRunEqualsUninterruptedRun()
    {
        using var temp = new TempFolder();
        ResumeTests.TrainStraightAndResumed(Config("ae"), temp);
        ResumeTests.AssertSameCheckpoints(temp);
    }

    [Test]
    public void TheToyRefusesASecondScheduleBesideItsPlateauScheduler()
    {
        var config = new RunConfig { Family = "cae-toy", Latent = 1, LearningRateSchedule = LearningRateSchedule.Cosine };
        Assert.That(() => config.Validate(), Throws.ArgumentException.With.Message.Contains("--lr-schedule must be constant for cae-toy"));
        Assert.That(() => (config with { Family = "ae", LearningRateSchedule = "linear" }).Validate(),
            Throws.ArgumentException.With.Message.Contains("--lr-schedule must be one of constant, cosine; got linear"));
    }

    private static RunConfig Config(string model) => new()
    {
        Family = model, Latent = 2, Epochs = 2, BatchSize = 32, LearningRate = 1e-3f, Seed = 5, Limit = 96, TestLimit = 64,
        LearningRateSchedule = LearningRateSchedule.Cosine,
    };
}
