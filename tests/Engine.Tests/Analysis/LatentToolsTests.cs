// The latent-space helpers: interpolation weights and lines, latent arithmetic, code statistics, class-name parsing.
namespace Engine.Tests.Analysis;

using Engine.Models;
using Engine.Nn.Data;

public class LatentToolsTests
{
    [Test]
    public void StepsGoFromZeroToOneInclusive()
    {
        Assert.That(Interpolation.Steps(5), Is.EqualTo(new[] { 0f, 0.25f, 0.5f, 0.75f, 1f }));
        Assert.Throws<ArgumentException>(() => Interpolation.Steps(1));
    }

    [Test]
    public void PingPongGoesThereAndBackWithoutRepeatingTheEnds()
    {
        var t = Interpolation.PingPong(200);
        Assert.That(t, Has.Length.EqualTo(200));
        Assert.That(t[0], Is.EqualTo(0f));
        Assert.That(t.Max(), Is.EqualTo(1f));
        Assert.That(t.Count(v => v == 1f), Is.EqualTo(1));
        Assert.That(t[..100], Is.Ordered.Ascending);
        Assert.That(t[99..], Is.Ordered.Descending);
        Assert.That(t[^1], Is.GreaterThan(0f).And.LessThan(0.02f), "the last frame leads back into the first");
    }

    [Test]
    public void LinearAndArithmeticAreElementwise()
    {
        float[] a = [0f, 2f], b = [4f, -2f], c = [1f, 1f];
        Assert.That(Interpolation.Linear(a, b, [0f, 0.5f, 1f]), Is.EqualTo(new[] { 0f, 2f, 2f, 0f, 4f, -2f }));
        Assert.That(LatentArithmetic.Combine(a, b, c), Is.EqualTo(new[] { 3f, -1f }));
        var (mean, std) = LatentSampling.CodeStatistics([1f, 10f, 3f, 10f], 2);
        Assert.That(mean, Is.EqualTo(new[] { 2f, 10f }));
        Assert.That(std, Is.EqualTo(new[] { 1f, 0f }));
    }

    [TestCase("0", 0), TestCase("9", 9), TestCase("Sneaker", 7), TestCase("ankle boot", 9), TestCase("Ankle-Boot", 9)]
    [TestCase("t-shirt", 0), TestCase("TShirt", 0), TestCase("top", 0), TestCase("T-shirt/top", 0), TestCase("BAG", 8)]
    public void ClassesByNameOrIndex(string text, int expected) =>
        Assert.That(TrainedRun.ParseClass(text, FashionMnist.ClassNames), Is.EqualTo(expected));

    [TestCase("10"), TestCase("-1"), TestCase("shoe"), TestCase("")]
    public void UnknownClassesNameTheChoices(string text)
    {
        var e = Assert.Throws<ArgumentException>(() => TrainedRun.ParseClass(text, FashionMnist.ClassNames));
        Assert.That(e!.Message, Does.Contain("0..9"));
    }

    [Test]
    public void SlugsAreFileNameSafe()
    {
        Assert.That(TrainedRun.Slug("T-shirt/top"), Is.EqualTo("t-shirt-top"));
        Assert.That(TrainedRun.Slug("Ankle boot"), Is.EqualTo("ankle-boot"));
        Assert.That(TrainedRun.Slug("vae z2"), Is.EqualTo("vae-z2"));
    }
}
