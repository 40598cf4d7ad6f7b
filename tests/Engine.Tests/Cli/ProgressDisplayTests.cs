// What a training run prints (issue 15): in a pipe or file a line every 10 % with elapsed time and ETA, in a terminal a bar
// redrawn in place with the same, and an epoch line whose numbers say what they are, with the epoch's time and images/s.
namespace Engine.Tests.Cli;

using Engine.Cli;
using Engine.Models.Training;

public class ProgressDisplayTests
{
    /// <summary>The steps of a run of <paramref name="epochs"/> x <paramref name="batches"/>, one second each, from step <paramref name="from"/>.</summary>
    private static IEnumerable<TrainingProgress> Steps(int epochs, int batches, int from = 0)
    {
        double total = epochs * batches;
        for (int step = from; step < epochs * batches; step++)
        {
            yield return new TrainingProgress(step / batches, epochs, step % batches, batches, 0.5, TimeSpan.FromSeconds(step - from + 1),
                (step + 1) / total, from / total);
        }
    }

    [Test]
    public void APipeGetsALineEveryTenPercentAndNoBar()
    {
        var output = new StringWriter();
        var display = new ProgressDisplay(output, terminal: false);
        foreach (var step in Steps(epochs: 2, batches: 50)) display.Step(step);
        string[] lines = output.ToString().TrimEnd().Split('\n');
        Assert.That(lines.Select(l => l.Split(':')[0]), Is.EqualTo(Enumerable.Range(1, 10).Select(k => $"progress {10 * k}%")));
        Assert.That(lines[0], Is.EqualTo("progress 10%: epoch 1/2, batch 10/50, loss 0.5, elapsed 0:10, ETA 1:30"));
        Assert.That(lines[^1], Is.EqualTo("progress 100%: epoch 2/2, batch 50/50, loss 0.5, elapsed 1:40, ETA 0:00"));
        Assert.That(output.ToString(), Does.Not.Contain("\r"));
    }

    [Test]
    public void AResumedRunCountsItsEtaFromTheStepsTimedHere()
    {
        var output = new StringWriter();
        var display = new ProgressDisplay(output, terminal: false);
        foreach (var step in Steps(epochs: 1, batches: 100, from: 45)) display.Step(step);
        string[] lines = output.ToString().TrimEnd().Split('\n');
        Assert.That(lines[0], Is.EqualTo("progress 50%: epoch 1/1, batch 50/100, loss 0.5, elapsed 0:05, ETA 0:50"), "5 steps in 5 s, 50 to go");
        Assert.That(lines, Has.Length.EqualTo(6));
    }

    [Test]
    public void ATerminalGetsOneBarRedrawnInPlaceWithElapsedAndEta()
    {
        var output = new StringWriter();
        var display = new ProgressDisplay(output, terminal: true) { Color = false, RedrawEvery = TimeSpan.FromSeconds(5) };
        foreach (var step in Steps(epochs: 1, batches: 20)) display.Step(step);
        string text = output.ToString();
        Assert.That(text, Does.Not.Contain("\n"), "redrawn, not scrolled");
        string[] draws = text.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(draws, Has.Length.EqualTo(5), "steps 1, 6, 11, 16 (every 5 s) and the epoch's last");
        Assert.That(draws[1].TrimEnd(), Is.EqualTo("#########---------------------  30%  epoch 1/1 batch 6/20  loss 0.5  elapsed 0:06  ETA 0:14"));
        Assert.That(draws[^1].TrimEnd(), Does.StartWith(new string('#', 30) + " 100%").And.EndWith("elapsed 0:20  ETA 0:00"));
        display.Line("epoch 1/1 ...");
        string all = output.ToString();
        Assert.That(all, Does.EndWith("\repoch 1/1 ..." + Environment.NewLine));
        string wipe = all.Split('\r')[^2];
        Assert.That(wipe.Trim(), Is.Empty, "the bar is wiped before a line");
        Assert.That(wipe.Length, Is.GreaterThanOrEqualTo(draws[^1].TrimEnd().Length));
    }

    [Test]
    public void TheEpochLineLabelsEveryNumber()
    {
        var epoch = new EpochSummary(2, 10, ["total", "bce", "kl"], [0.48321, 0.47212, 2.2614], [0.49011, 0.47883, 2.2532],
            TimeSpan.FromSeconds(41.23), TimeSpan.FromSeconds(40), Items: 58_000);
        Assert.That(ProgressDisplay.EpochLine(epoch),
            Is.EqualTo("epoch 3/10  train total 0.4832 bce 0.4721 kl 2.261 | test total 0.4901 bce 0.4788 kl 2.253 | 41.2 s, 1,450 images/s"));
        var toy = epoch with { Terms = ["mse"], Train = [0.1], Test = [0.2], Unit = "points" };
        Assert.That(ProgressDisplay.EpochLine(toy), Does.EndWith("| test mse 0.2 | 41.2 s, 1,450 points/s"));
    }

    [TestCase(0, "0:00"), TestCase(65, "1:05"), TestCase(3723, "1:02:03")]
    public void DurationsReadAsClockTimes(int seconds, string expected) =>
        Assert.That(ProgressDisplay.Duration(TimeSpan.FromSeconds(seconds)), Is.EqualTo(expected));

    [Test]
    public void TheEtaNeedsAStepTimedHere()
    {
        var first = new TrainingProgress(0, 1, 0, 4, 1, TimeSpan.FromSeconds(2), Done: 0.25, DoneAtStart: 0.25);
        Assert.That(first.Remaining, Is.Null);
        Assert.That((first with { Done = 0.5 }).Remaining, Is.EqualTo(TimeSpan.FromSeconds(4)));
    }
}
