// ReduceLROnPlateau as torch.optim.lr_scheduler.ReduceLROnPlateau (mode "min", relative threshold 1e-4): the learning rate
// falls by `factor` after more than `patience` epochs without an improvement, never below min_lr, and `cooldown` epochs
// pass before bad epochs count again. The expected sequence is worked out by hand below, epoch by epoch; PyTorch 1.13
// gives the same list for the same calls (checked with the snippet in the comment).
namespace Engine.Tests.Optim;

using Engine.Models;
using Engine.Nn;

public class ReduceLROnPlateauTests
{
    // p = torch.nn.Parameter(torch.zeros(1)); opt = torch.optim.Adam([p], lr=1e-3)
    // s = ReduceLROnPlateau(opt, factor=0.1, patience=2, cooldown=1, min_lr=2e-6); for m in metrics: s.step(m)
    private static readonly float[] Metrics = [1.0f, 0.5f, 0.5f, 0.49999f, 0.6f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f, 0.4f];

    private static readonly float[] Expected =
    [
        1e-3f,   // 1.0: first metric, best
        1e-3f,   // 0.5: better
        1e-3f,   // 0.5: bad 1
        1e-3f,   // 0.49999: not 1e-4 (relative) below 0.5: bad 2
        1e-4f,   // 0.6: bad 3 > patience: lowered, cooldown 1
        1e-4f,   // 0.4: better (best 0.4), and the cooldown epoch
        1e-4f,   // bad 1
        1e-4f,   // bad 2
        1e-5f,   // bad 3: lowered, cooldown 1
        1e-5f,   // cooldown
        1e-5f,   // bad 1
        1e-5f,   // bad 2
        2e-6f,   // bad 3: 1e-6 would be below min_lr: 2e-6
        2e-6f, 2e-6f, 2e-6f,
    ];

    [Test]
    public void LowersTheRateAfterPatienceWithCooldownAndAFloor()
    {
        var weight = new Parameter(Tensor.Zeros(new Shape(1)));
        var optimizer = new Adam([weight], learningRate: 1e-3f);
        var scheduler = new ReduceLROnPlateau(optimizer, factor: 0.1f, patience: 2, cooldown: 1, minLr: 2e-6f);
        var rates = new List<float>();
        var lowered = new List<bool>();
        foreach (float metric in Metrics)
        {
            lowered.Add(scheduler.Step(metric));
            rates.Add(optimizer.LearningRate);
        }
        Assert.That(rates, Is.EqualTo(Expected).Within(1e-9));
        Assert.That(lowered.Select((l, i) => l ? i : -1).Where(i => i >= 0), Is.EqualTo(new[] { 4, 8, 12 }),
            "true exactly when the rate changed; at the floor it stays and says so");
        Assert.That(scheduler.Best, Is.EqualTo(0.4f));
    }

    [Test]
    public void ItsStateResumesTheSameSequence()
    {
        var a = new Adam([new Parameter(Tensor.Zeros(new Shape(1)))], learningRate: 1e-3f);
        var b = new Adam([new Parameter(Tensor.Zeros(new Shape(1)))], learningRate: 1e-3f);
        var first = new ReduceLROnPlateau(a, patience: 2, cooldown: 1);
        for (int i = 0; i < 7; i++) first.Step(Metrics[i]);
        var second = new ReduceLROnPlateau(b, patience: 2, cooldown: 1) { State = first.State };
        b.LearningRate = a.LearningRate;
        for (int i = 7; i < Metrics.Length; i++)
        {
            first.Step(Metrics[i]);
            second.Step(Metrics[i]);
            Assert.That(b.LearningRate, Is.EqualTo(a.LearningRate), $"epoch {i}");
        }
    }

    [Test]
    public void RefusesAFactorOutsideZeroToOne()
    {
        var optimizer = new Adam([new Parameter(Tensor.Zeros(new Shape(1)))]);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => new ReduceLROnPlateau(optimizer, factor: 1f))!.Message,
            Does.Contain("Factor must be in (0, 1); got 1"));
    }

    [Test]
    public void TheToyStopsOnceItsRateFallsBelowTheFloor()
    {
        // The 2-D toy is ReduceLROnPlateau's caller: full batch, stop when lr < 1e-6. With patience 0 every epoch that
        // does not improve lowers the rate; a rate of 1 on a tiny MLP overshoots at once, so it must stop long before 500 epochs.
        var (train, validation) = ToyData.Split(ToyData.Generate(seed: 3, perCurve: 40), seed: 3);
        var model = new ToyAutoencoder(conditional: true);
        var result = ToyTraining.Fit(model, train, validation,
            new ToyFitOptions(MaxEpochs: 500, LearningRate: 1f, Patience: 0, Factor: 0.1f, StopBelowLearningRate: 1e-6f));
        Assert.That(result.Epochs, Is.LessThan(500));
        Assert.That(result.FinalLearningRate, Is.LessThan(1e-6f).And.GreaterThan(1e-8f));
    }
}
