// The conditional VAE, the classifier and the super-resolution AE: shapes and names, the labels reach the decoder
// (changing the label changes the output; only the used labels' decoder columns get gradients), losses fall over a few
// steps on a tiny batch, and bad input gives one clear line.
namespace Engine.Tests.Models;

using Engine.Memory;
using Engine.Models;
using Engine.Nn;

public class ConditionalModelTests
{
    /// <summary>n images with a bright rectangle at a seeded place (something to learn), (n, 1, 28, 28).</summary>
    internal static float[] Rectangles(int n, int seed)
    {
        var values = new float[n * 28 * 28];
        var random = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            int x0 = random.Next(4, 14), y0 = random.Next(4, 14), w = random.Next(6, 12), h = random.Next(6, 12);
            for (int y = y0; y < y0 + h; y++)
                for (int x = x0; x < x0 + w; x++)
                    values[i * 784 + y * 28 + x] = 0.9f;
        }
        return values;
    }

    private static float LossDrop(Module model, int steps, Func<Tensor> loss)
    {
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        float first = 0, last = 0;
        for (int step = 0; step < steps; step++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var value = loss();
            value.Backward();
            optimizer.Step();
            if (step == 0) first = value.ToScalar();
            last = value.ToScalar();
        }
        return last / first;
    }

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

    [Test]
    public void ClassifierShapesNamesAndLossFalls()
    {
        Generator.ManualSeed(8);
        var model = new Classifier(ImageShape.FashionMnist);
        var names = model.StateDict().Select(e => e.Name).ToList();
        Assert.That(names, Does.Contain("encoder.encoder.0.0.weight").And.Contain("head.weight").And.Contain("head.bias"));
        Assert.That(model.Head.Weight.Shape, Is.EqualTo(new Shape(10, Classifier.DefaultFeatures)));
        var x = Tensor.FromArray(Rectangles(8, 4), 8, 1, 28, 28);
        int[] labels = [0, 1, 2, 3, 0, 1, 2, 3];
        using (NoGrad.Scope())
        {
            Assert.That(model.Forward(x).Shape, Is.EqualTo(new Shape(8, 10)));
        }
        Assert.That(model.Predict(x), Has.Length.EqualTo(8).And.All.InRange(0, 9));
        float ratio = LossDrop(model, 6, () => Classifier.Loss(model.Forward(x), labels));
        Assert.That(ratio, Is.LessThan(0.9f));
    }

    [Test]
    public void ArgMaxAndAccuracy()
    {
        Assert.That(Classifier.ArgMax([0.1f, 0.7f, 0.2f, 0.5f, 0.5f, -1f], 3), Is.EqualTo(new[] { 1, 0 }), "ties take the first");
        Assert.That(Classifier.Accuracy([1, 2, 3, 4], [1, 2, 0, 4]), Is.EqualTo(0.75f));
        Assert.Throws<ArgumentException>(() => Classifier.Accuracy([1], [1, 2]));
    }

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
