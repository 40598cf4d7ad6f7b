// The semi-supervised AAE from the command line: a tiny run leaves its confusion matrix and accuracy beside the
// supervised-only baseline's; the known labels (--labels) are balanced over the classes and seeded, and a count the
// training set cannot give is one clear line.
namespace Engine.Tests.Families.AaeSemi;

using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;
using static Engine.Tests.Families.Aae.AaeCliTests;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class AaeSemiCliTests
{
    [Test]
    public void TheSemiSupervisedAaeLeavesItsConfusionMatrixAndAccuracyBesideTheBaseline()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run("train", "aae-semi", "--epochs", "2", "--limit", "100", "--test-limit", "30", "--batch-size", "32",
            "--labels", "20", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        string[] figures = ["reconstructions.png", "confusion.png", "accuracy.svg", "loss-label-ce.svg", "loss-discriminator-categorical.svg"];
        foreach (var file in RunFiles.Concat(figures)) Assert.That(File.Exists(Path.Combine(run, file)), file);
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        foreach (var figure in figures) Assert.That(html, Does.Contain(figure));
        Assert.That(html, Does.Contain("test accuracy, semi-supervised AAE").And.Contain("test accuracy, supervised-only classifier"));
        Assert.That(File.ReadAllText(Path.Combine(run, "accuracy.svg")), Does.Contain("classifier on the 20 labels alone"));
        var state = SafetensorsFile.Read(Path.Combine(run, "checkpoint", "training-state.safetensors"));
        Assert.That(state.Metadata.Keys.Where(key => key.EndsWith("_steps", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(6));
        Assert.That(CliTests.Run("report", run).Code, Is.Zero);
    }

    [Test]
    public void TheKnownLabelsAreBalancedAndSeeded()
    {
        var labels = Enumerable.Range(0, 300).Select(i => (i * 7) % 10).ToArray();
        var train = new Engine.Nn.Data.Dataset(new float[300 * 4], labels, 2, 2, [.. Enumerable.Range(0, 10).Select(i => $"c{i}")]);
        var known = Engine.Models.Experiments.LabelSubset.Pick(train, 53, seed: 3);
        Assert.That(known, Has.Length.EqualTo(53).And.Unique.And.Ordered);
        var perClass = known.GroupBy(i => labels[i]).ToDictionary(g => g.Key, g => g.Count());
        Assert.That(Enumerable.Range(0, 10).Select(c => perClass[c]), Is.EqualTo(new[] { 6, 6, 6, 5, 5, 5, 5, 5, 5, 5 }));
        Assert.That(Engine.Models.Experiments.LabelSubset.Pick(train, 53, seed: 3), Is.EqualTo(known), "same seed, same labels");
        Assert.That(Engine.Models.Experiments.LabelSubset.Pick(train, 53, seed: 4), Is.Not.EqualTo(known));
        Assert.That(() => Engine.Models.Experiments.LabelSubset.Pick(train, 301, 3), Throws.ArgumentException.With.Message.EqualTo(
            "--labels must be from 1 to the 300 training images; got 301."));
        var skewed = new Engine.Nn.Data.Dataset(new float[300 * 4], [.. Enumerable.Range(0, 300).Select(i => i < 297 ? i % 9 : 9)], 2, 2,
            [.. Enumerable.Range(0, 10).Select(i => $"c{i}")]);
        Assert.That(() => Engine.Models.Experiments.LabelSubset.Pick(skewed, 50, 3), Throws.ArgumentException.With.Message.EqualTo(
            "--labels 50 needs 5 images of class c9, but the training set has 3; give fewer labels."));
    }
}
