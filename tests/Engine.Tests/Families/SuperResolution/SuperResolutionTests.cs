// The super-resolution AE: the low-resolution input (area averaging) and the shapes, the loss falls over a few steps
// on a tiny batch, and bad input and unsupported factors give one clear line.
namespace Engine.Tests.Families.SuperResolution;

using Engine.Models;
using static Engine.Tests.Families.TinyTraining;

public class SuperResolutionTests
{
    [TestCase(2, 14), TestCase(4, 7)]
    public void SuperResolutionShapesAndLowResolutionInput(int factor, int low)
    {
        Generator.ManualSeed(9);
        var model = new SuperResolutionAutoencoder(factor, ImageShape.FashionMnist);
        Assert.That(model.Input, Is.EqualTo(new ImageShape(1, low, low)));
        var images = Rectangles(2, 5);
        var input = model.LowResolution(images, 2);
        Assert.That(input, Has.Length.EqualTo(2 * low * low));
        // Area averaging: output pixel (1, 2) of image 1 is the mean of its F x F block.
        double block = 0;
        for (int dy = 0; dy < factor; dy++)
            for (int dx = 0; dx < factor; dx++)
                block += images[784 + (factor + dy) * 28 + 2 * factor + dx];
        Assert.That(input[low * low + low + 2], Is.EqualTo(block / (factor * factor)).Within(1e-6));
        using (NoGrad.Scope())
        {
            var x = Tensor.FromArray(input, 2, 1, low, low);
            Assert.That(model.Encode(x).Shape, Is.EqualTo(new Shape(2, SuperResolutionAutoencoder.Features, low, low)));
            var y = model.Forward(x);
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 1, 28, 28)));
            Assert.That(y.ToArray(), Is.All.InRange(0f, 1f));
            var wrong = Assert.Throws<ArgumentException>(() => model.Forward(Tensor.Zeros(1, 1, 28, 28)))!;
            Assert.That(wrong.Message, Does.Contain($"(B, 1, {low}, {low})"));
        }
    }

    [Test]
    public void SuperResolutionLossFallsAndBadFactorsAreOneLine()
    {
        Generator.ManualSeed(10);
        var model = new SuperResolutionAutoencoder(2, ImageShape.FashionMnist);
        var images = Rectangles(4, 6);
        var target = Tensor.FromArray(images, 4, 1, 28, 28);
        var input = Tensor.FromArray(model.LowResolution(images, 4), 4, 1, 14, 14);
        float ratio = LossDrop(model, 6, () => SuperResolutionAutoencoder.Loss(model.Forward(input), target));
        Assert.That(ratio, Is.LessThan(0.9f));
        var three = Assert.Throws<ArgumentException>(() => new SuperResolutionAutoencoder(3, ImageShape.FashionMnist))!;
        Assert.That(three.Message, Does.StartWith("Super-resolution factor 3 is not supported; choose 2 or 4."));
        var odd = Assert.Throws<ArgumentException>(() => new SuperResolutionAutoencoder(4, new ImageShape(1, 30, 30)))!;
        Assert.That(odd.Message, Does.Contain("30x30"));
    }
}
