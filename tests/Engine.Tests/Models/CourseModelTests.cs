// The course models: shapes, PyTorch state-dict names, and a loss that falls over a few steps on a small slice.
namespace Engine.Tests.Models;

using Engine.Memory;
using Engine.Models;
using Engine.Nn;

public class CourseModelTests
{
    private static Tensor Images(int n, int seed)
    {
        var values = new float[n * 28 * 28];
        var random = new Random(seed);
        for (int i = 0; i < n; i++)
        {
            // Simple structured images: a bright rectangle at a random place, so there is something to learn.
            int x0 = random.Next(4, 14), y0 = random.Next(4, 14), w = random.Next(6, 12), h = random.Next(6, 12);
            for (int y = y0; y < y0 + h; y++)
                for (int x = x0; x < x0 + w; x++)
                    values[i * 784 + y * 28 + x] = 0.9f;
        }
        return Tensor.FromArray(values, n, 1, 28, 28);
    }

    [Test]
    public void AutoencoderShapesAndNames()
    {
        var model = new Autoencoder(24, ImageShape.FashionMnist);
        using (NoGrad.Scope())
        {
            var x = Images(2, 1);
            Assert.That(model.Encode(x).Shape, Is.EqualTo(new Shape(2, 24)));
            Assert.That(model.Forward(x).Shape, Is.EqualTo(new Shape(2, 1, 28, 28)));
        }
        var names = model.StateDict().Select(e => e.Name).ToList();
        Assert.That(names, Does.Contain("encoder.encoder.0.0.weight"));
        Assert.That(names, Does.Contain("encoder.encoder.0.1.running_mean"));
        Assert.That(names, Does.Contain("encoder.encoder.0.1.num_batches_tracked"));
        Assert.That(names, Does.Contain("encoder.encoder.6.weight"));
        Assert.That(names, Does.Contain("decoder.linear.weight"));
        Assert.That(names, Does.Contain("decoder.decoder.4.3.bias"));
        Assert.That(names.IndexOf("encoder.encoder.0.0.weight"), Is.LessThan(names.IndexOf("encoder.encoder.0.0.bias")));
        Assert.That(names.IndexOf("decoder.linear.bias"), Is.LessThan(names.IndexOf("decoder.decoder.0.0.weight")));
    }

    [TestCase(32), TestCase(64), TestCase(14), TestCase(20), TestCase(27)]
    public void DecoderFitsOtherSizes(int size)
    {
        var model = new Autoencoder(4, new ImageShape(1, size, size));
        using (NoGrad.Scope())
        {
            var y = model.Forward(Tensor.Zeros(2, 1, size, size));
            Assert.That(y.Shape, Is.EqualTo(new Shape(2, 1, size, size)));
        }
    }

    [Test]
    public void DecoderIsTheCourses()
    {
        Assert.That(CourseNetworks.UpsamplingSizes(28), Is.EqualTo(new[] { 2, 4, 8, 16, 32 }));
        var model = new Autoencoder(4, ImageShape.FashionMnist);
        var blocks = model.Decoder.Layers.Children().Select(c => c.Module).OfType<Sequential>().ToList();
        // [ConvTranspose2d, BatchNormLeakyRelu2d (PyTorch's BatchNorm2d and LeakyReLU, positions 1 and 2)], the last one
        // followed by Conv2d (3) and Sigmoid (4)
        Assert.That(blocks.Select(b => b.Children().Select(c => c.Name)), Is.EqualTo(new[]
        {
            new[] { "0", "1" }, ["0", "1"], ["0", "1"], ["0", "1"], ["0", "1", "3", "4"],
        }));
        Assert.That(blocks.Select(b => ((BatchNormLeakyRelu2d)b[1]).NegativeSlope), Is.All.EqualTo(CourseNetworks.Slope));
        Assert.That(blocks.Select(b => ((ConvTranspose2d)b[0]).OutputPadding), Is.EqualTo(new[] { 1, 1, 1, 1, 1 }));
        Assert.That(blocks.Select(b => ((ConvTranspose2d)b[0]).OutChannels), Is.EqualTo(new[] { 256, 128, 64, 32, 32 }));
        var final = (Conv2d)blocks[^1][2];
        Assert.That((final.KernelSize, final.Padding, final.OutChannels), Is.EqualTo((7, 1, 1)));
        Assert.That(blocks[^1][3], Is.InstanceOf<Sigmoid>());
        Assert.That(model.Decoder.Input.Weight.Shape, Is.EqualTo(new Shape(512, 4)));
    }

    [Test]
    public void DecoderSizesAreTheCourses()
    {
        // 1 -> 2 -> 4 -> 8 -> 16 -> 32, then the 7x7 convolution with padding 1 crops 32 to 28.
        var decoder = new CourseDecoder(3, ImageShape.FashionMnist);
        var sizes = new List<int>();
        using (NoGrad.Scope())
        {
            var h = decoder.Input.Forward(Tensor.Zeros(2, 3)).Reshape(2, 512, 1, 1);
            foreach (var (_, block) in decoder.Layers.Children())
            {
                var b = (Sequential)block;
                for (int i = 0; i < 2; i++) h = b[i].Forward(h);           // the transposed conv, the batch norm + LeakyReLU
                sizes.Add(h.Shape[2]);
                for (int i = 2; i < b.Count; i++) h = b[i].Forward(h);
                sizes.Add(h.Shape[2]);
            }
        }
        Assert.That(sizes.Distinct(), Is.EqualTo(new[] { 2, 4, 8, 16, 32, 28 }));
    }

    [Test]
    public void NonSquareImagesAreAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new Autoencoder(4, new ImageShape(1, 20, 24)));
        Assert.That(error!.Message, Does.Contain("20x24"));
    }

    [Test]
    public void AutoencoderLossFalls()
    {
        Generator.ManualSeed(1);
        var model = new Autoencoder(8, ImageShape.FashionMnist);
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var x = Images(8, 2);
        float first = 0, last = 0;
        for (int step = 0; step < 6; step++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var loss = Autoencoder.Loss(model.Forward(x), x);
            loss.Backward();
            optimizer.Step();
            if (step == 0) first = loss.ToScalar();
            last = loss.ToScalar();
        }
        Assert.That(last, Is.LessThan(first * 0.9f), $"loss {first} -> {last}");
    }

    [Test]
    public void VaeLossFalls()
    {
        Generator.ManualSeed(2);
        var model = new VariationalAutoencoder(2, ImageShape.FashionMnist);
        var optimizer = new Adam(model.Parameters(), 1e-3f);
        var x = Images(8, 3);
        var generator = new Generator(5);
        float first = 0, last = 0;
        for (int step = 0; step < 6; step++)
        {
            using var scope = TensorScope.Begin();
            optimizer.ZeroGrad();
            var (reconstruction, mu, logVar) = model.Forward(x, generator);
            var (loss, _, _) = VariationalAutoencoder.Loss(reconstruction, x, mu, logVar, 0.005f);
            loss.Backward();
            optimizer.Step();
            if (step == 0) first = loss.ToScalar();
            last = loss.ToScalar();
        }
        Assert.That(last, Is.LessThan(first * 0.9f), $"loss {first} -> {last}");
    }
}
