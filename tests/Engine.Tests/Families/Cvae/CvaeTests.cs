// The conditional VAE: shapes and names, the labels reach the decoder (changing the label changes the output; only the
// used labels' decoder columns get gradients), the loss falls over a few steps on a tiny batch, and bad input gives one
// clear line.
namespace Engine.Tests.Families.Cvae;

using Engine.Models;
using static Engine.Tests.Families.TinyTraining;

public class CvaeTests
{
    [Test]
    public void CvaeShapesAndNames()
    {
        Generator.ManualSeed(4);
        var model = new ConditionalVariationalAutoencoder(2, ImageShape.FashionMnist);
        Assert.That(model.Decoder.Input.Weight.Shape, Is.EqualTo(new Shape(512, 12)), "the decoder reads z (2) and one-hot (10)");
        Assert.That(model.Encoder.Outputs, Is.EqualTo(4));
        var names = model.StateDict().Select(e => e.Name).ToList();
        Assert.That(names, Does.Contain("encoder.encoder.6.weight").And.Contain("decoder.linear.weight").And.Contain("decoder.decoder.4.3.bias"));
        using (NoGrad.Scope())
        {
            var x = Tensor.FromArray(Rectangles(3, 1), 3, 1, 28, 28);
            var (reconstruction, mu, logVar) = model.Forward(x, [1, 2, 3], new Generator(1));
            Assert.That((reconstruction.Shape, mu.Shape, logVar.Shape), Is.EqualTo((new Shape(3, 1, 28, 28), new Shape(3, 2), new Shape(3, 2))));
            var condition = model.Condition(mu, [0, 9, 4]).ToArray();
            Assert.That(condition[..12], Is.EqualTo(mu.ToArray()[..2].Concat([1f, 0, 0, 0, 0, 0, 0, 0, 0, 0])));
            Assert.That(condition[24..36], Is.EqualTo(mu.ToArray()[4..6].Concat([0f, 0, 0, 0, 1, 0, 0, 0, 0, 0])));
        }
    }

    [Test]
    public void CvaeLabelsReachTheDecoder()
    {
        Generator.ManualSeed(5);
        var model = new ConditionalVariationalAutoencoder(2, ImageShape.FashionMnist);
        model.Eval();
        using (NoGrad.Scope())
        {
            var z = Tensor.FromArray([0.3f, -0.5f, 0.3f, -0.5f, 0.3f, -0.5f], 3, 2);   // the same z three times
            var images = model.Decode(z, [3, 7, 3]).ToArray();
            double Diff(int a, int b) => Enumerable.Range(0, 784).Max(p => Math.Abs(images[a * 784 + p] - images[b * 784 + p]));
            // At initialisation the decoder is near-constant (sigmoid of small values), so the difference is small but real.
            Assert.That(Diff(0, 1), Is.GreaterThan(1e-5), "labels 3 and 7 decode the same z differently");
            Assert.That(Diff(0, 2), Is.LessThan(1e-7), "the same label decodes the same z alike");
        }
        model.Train();
        var x = Tensor.FromArray(Rectangles(4, 2), 4, 1, 28, 28);
        var (reconstruction, mu, logVar) = model.Forward(x, [1, 1, 4, 4], new Generator(2));
        ConditionalVariationalAutoencoder.Loss(reconstruction, x, mu, logVar, 0.005f).Total.Backward();
        var grad = model.Decoder.Input.Weight.Grad!.ToArray();                       // (512, 12): columns z0, z1, one-hot 0..9
        double Column(int c) => Enumerable.Range(0, 512).Sum(r => Math.Abs(grad[r * 12 + c]));
        Assert.That(Column(2 + 1), Is.GreaterThan(0));
        Assert.That(Column(2 + 4), Is.GreaterThan(0));
        Assert.That(new[] { 0, 2, 3, 5, 6, 7, 8, 9 }.Select(label => Column(2 + label)), Is.All.EqualTo(0), "unused labels get no gradient");
    }

    [Test]
    public void CvaeLossFalls()
    {
        Generator.ManualSeed(6);
        var model = new ConditionalVariationalAutoencoder(2, ImageShape.FashionMnist);
        var x = Tensor.FromArray(Rectangles(8, 3), 8, 1, 28, 28);
        int[] labels = [0, 1, 2, 3, 4, 5, 6, 7];
        var generator = new Generator(7);
        float ratio = LossDrop(model, 6, () =>
        {
            var (reconstruction, mu, logVar) = model.Forward(x, labels, generator);
            return ConditionalVariationalAutoencoder.Loss(reconstruction, x, mu, logVar, 0.005f).Total;
        });
        Assert.That(ratio, Is.LessThan(0.9f));
    }

    [Test]
    public void CvaeBadInputIsOneClearLine()
    {
        var model = new ConditionalVariationalAutoencoder(2, ImageShape.FashionMnist);
        var z = Tensor.Zeros(2, 2);
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => model.Condition(z, [1, 10]))!.Message, Does.Contain("outside 0..9"));
        Assert.That(Assert.Throws<ArgumentException>(() => model.Condition(z, [1]))!.Message, Does.Contain("(B, 2) with B labels"));
        Assert.That(Assert.Throws<InvalidOperationException>(() => model.Forward(Tensor.Zeros(1, 1, 28, 28)))!.Message, Does.Contain("labels"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConditionalVariationalAutoencoder(2, ImageShape.FashionMnist, classes: 1));
    }
}
