// The conditional VAE's tools (class samples, class grid, latent grid, style transfer, samples in an image's style,
// conditional accuracy) and the super-resolution scores: each checked against the model's own Decode / Encode and the
// metrics computed directly, with the bad inputs a user can type (--class out of range).
namespace Engine.Tests.Families.Cvae;

using Engine.Imaging;
using Engine.Models;

public class ConditionalGenerationTests
{
    private static ConditionalVariationalAutoencoder Model(int latent = 2)
    {
        Generator.ManualSeed(21);
        return new ConditionalVariationalAutoencoder(latent, ImageShape.FashionMnist);
    }

    [Test]
    public void ClassGridSharesEachColumnsCodeAcrossClasses()
    {
        var model = Model();
        var grid = ConditionalGeneration.ClassGrid(model, perClass: 3, new Generator(9));
        Assert.That(grid, Has.Length.EqualTo(30 * 784));
        var codes = Tensor.RandN(new Shape(3, 2), new Generator(9)).ToArray();
        var row7 = ConditionalGeneration.Decode(model, codes, [7, 7, 7]);
        Assert.That(grid[(21 * 784)..(24 * 784)], Is.EqualTo(row7).Within(1e-6f));
        var samples = ConditionalGeneration.SampleClass(model, 7, 3, new Generator(9));
        Assert.That(samples, Is.EqualTo(row7).Within(1e-6f), "SampleClass draws z ~ N(0, I) from the generator");
        Assert.That(model.Training, Is.True, "the mode is restored");
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ConditionalGeneration.SampleClass(model, 10, 1, new Generator(1)))!;
        Assert.That(error.Message, Does.StartWith("Class 10 is out of range; choose 0..9."));
    }

    [Test]
    public void LatentGridRunsOverTheSquareWithZ2Up()
    {
        var model = Model();
        var grid = ConditionalGeneration.LatentGrid(model, label: 4, side: 3);
        Assert.That(grid, Has.Length.EqualTo(9 * 784));
        var corners = ConditionalGeneration.Decode(model, [-2f, 2f, 2f, -2f], [4, 4]);   // top left, bottom right
        Assert.That(grid[..784], Is.EqualTo(corners[..784]).Within(1e-6f));
        Assert.That(grid[(8 * 784)..], Is.EqualTo(corners[784..]).Within(1e-6f));
        Assert.Throws<InvalidOperationException>(() => ConditionalGeneration.LatentGrid(Model(latent: 3), 0));
    }

    [Test]
    public void StyleTransferAndInStyleOfDecodeTheImagesCodes()
    {
        var model = Model();
        var images = TinyTraining.Rectangles(2, 8);
        var (mu, logVar) = ConditionalGeneration.Encode(model, images);
        Assert.That((mu.Length, logVar.Length), Is.EqualTo((4, 4)));
        var transfer = ConditionalGeneration.StyleTransfer(model, images);
        Assert.That(transfer, Has.Length.EqualTo(20 * 784));
        var second = ConditionalGeneration.Decode(model, [mu[2], mu[3], mu[2], mu[3]], [0, 9]);   // image 1 as a 0 and as a 9
        Assert.That(transfer[(10 * 784)..(11 * 784)], Is.EqualTo(second[..784]).Within(1e-6f));
        Assert.That(transfer[(19 * 784)..], Is.EqualTo(second[784..]).Within(1e-6f));

        var styled = ConditionalGeneration.InStyleOf(model, images[..784], label: 5, count: 4, new Generator(3));
        var eps = Tensor.RandN(new Shape(4, 2), new Generator(3)).ToArray();
        var codes = eps.Select((e, i) => mu[i % 2] + e * MathF.Exp(logVar[i % 2] / 2)).ToArray();
        Assert.That(styled, Is.EqualTo(ConditionalGeneration.Decode(model, codes, [5, 5, 5, 5])).Within(1e-6f));
        Assert.Throws<ArgumentException>(() => ConditionalGeneration.InStyleOf(model, images, 5, 4, new Generator(3)));
    }

    [Test]
    public void ConditionalAccuracyIsTheClassifiersVerdictOnEachClass()
    {
        var model = Model();
        var classifier = new Classifier(ImageShape.FashionMnist);
        var accuracy = ConditionalGeneration.ConditionalAccuracy(model, classifier, perClass: 4, new Generator(5));
        Assert.That(accuracy, Has.Length.EqualTo(10));
        // The same draws by hand: class c's samples come after classes 0..c-1's from the same generator.
        var generator = new Generator(5);
        classifier.Eval();
        for (int c = 0; c < 10; c++)
        {
            var samples = ConditionalGeneration.SampleClass(model, c, 4, generator);
            var predicted = classifier.Predict(Tensor.FromArray(samples, 4, 1, 28, 28));
            Assert.That(accuracy[c], Is.EqualTo(predicted.Count(p => p == c) / 4f), $"class {c}");
        }
        Assert.Throws<ArgumentException>(() => ConditionalGeneration.ConditionalAccuracy(model, new Classifier(ImageShape.FashionMnist, 3), 1, new Generator(1)));
    }

    [Test]
    public void SuperResolutionScoresAreTheMetricsOfEachMethod()
    {
        Generator.ManualSeed(22);
        var model = new SuperResolutionAutoencoder(2, ImageShape.FashionMnist);
        var images = TinyTraining.Rectangles(3, 9);
        var low = model.LowResolution(images, 3);
        var (bilinear, bicubic) = SuperResolutionEvaluation.Baselines(low, model.Input, model.Target);
        Assert.That(bicubic, Is.All.InRange(0f, 1f), "bicubic is clamped");
        Assert.That(bilinear, Is.EqualTo(Resampling.Bilinear(low, 3, 14, 14, 28, 28)));
        var scores = SuperResolutionEvaluation.Score(model, images);
        Assert.That(scores.Select(s => s.Method), Is.EqualTo(new[] { "autoencoder", "bilinear", "bicubic" }));
        Assert.That(scores[2].Psnr, Is.EqualTo(ImageMetrics.MeanPsnr(bicubic, images, 784)).Within(1e-9));
        Assert.That(scores[1].Ssim, Is.EqualTo(ImageMetrics.MeanSsim(bilinear, images, 28, 28)).Within(1e-9));
        Assert.That(scores[0].Psnr, Is.EqualTo(ImageMetrics.MeanPsnr(SuperResolutionEvaluation.Upscale(model, low), images, 784)).Within(1e-9));
        Assert.That(scores[2].Psnr, Is.GreaterThan(15), "bicubic recovers blurred rectangles reasonably");

        var (rows, figure) = SuperResolutionEvaluation.ComparisonRows(model, images, count: 2);
        Assert.That(rows, Is.EqualTo(new[] { "input 14x14", "bilinear", "bicubic", "autoencoder", "original" }));
        Assert.That(figure, Has.Length.EqualTo(5 * 2 * 784));
        Assert.That(figure[(8 * 784)..], Is.EqualTo(images[..(2 * 784)]));
        Assert.That(figure[(2 * 784)..(4 * 784)], Is.EqualTo(bilinear[..(2 * 784)]));
        Assert.That(figure[28 * 5 + 7], Is.EqualTo(low[14 * 2 + 3]), "the input row repeats each low-resolution pixel 2 x 2");
    }
}
