// Host transforms: Philox Gaussian noise, average-pool down-sampling, nearest up-sampling, one-hot labels.
using Engine.Kernels;
using Engine.Nn.Data;
using NUnit.Framework;

namespace Engine.Tests.Data;

public class ImageTransformsTests
{
    [Test]
    public void NoiseIsPhiloxNormalScaledAndReproducible()
    {
        var images = Enumerable.Repeat(0.5f, 100_000).ToArray();
        var noisy = ImageTransforms.GaussianNoise(images, 0.1f, seed: 5, offset: 1000, clampTo01: false);
        Assert.That(noisy[7], Is.EqualTo(0.5f + 0.1f * Philox.Normal(5, 1007)));
        Assert.That(ImageTransforms.GaussianNoise(images, 0.1f, 5, 1000, clampTo01: false), Is.EqualTo(noisy));
        Assert.That(ImageTransforms.GaussianNoise(images, 0.1f, 5, 2000, clampTo01: false), Is.Not.EqualTo(noisy));

        double mean = noisy.Average(v => (double)v);
        double std = Math.Sqrt(noisy.Average(v => (v - mean) * (v - mean)));
        Assert.That(mean, Is.EqualTo(0.5).Within(0.002));
        Assert.That(std, Is.EqualTo(0.1).Within(0.002));
    }

    [Test]
    public void NoiseIsClampedToTheUnitIntervalByDefault()
    {
        var noisy = ImageTransforms.GaussianNoise(new float[1000], 1f, seed: 1, offset: 0);
        Assert.That(noisy, Is.All.InRange(0f, 1f));
        Assert.That(noisy.Count(v => v == 0f), Is.GreaterThan(400), "about half the draws are negative and clamp to 0");
        Assert.That(ImageTransforms.GaussianNoise(new float[] { 0.3f }, 0f, 1, 0), Is.EqualTo(new[] { 0.3f }));
    }

    [Test]
    public void DownsampleAveragesBlocks()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]; // one 4 x 4 image
        float[] twoImages = [.. image, .. image.Select(v => v * 10)];
        Assert.That(ImageTransforms.Downsample(twoImages, 2, 4, 4, 2),
            Is.EqualTo(new float[] { 3.5f, 5.5f, 11.5f, 13.5f, 35, 55, 115, 135 }));
        Assert.That(ImageTransforms.Downsample(image, 1, 4, 4, 4), Is.EqualTo(new[] { 8.5f }));
        Assert.That(() => ImageTransforms.Downsample(new float[28 * 28], 1, 28, 28, 3),
            Throws.ArgumentException.With.Message.Contains("divide both sides"));
    }

    [Test]
    public void UpsampleRepeatsPixelsAndDownsampleUndoesIt()
    {
        Assert.That(ImageTransforms.Upsample([1, 2, 3, 4], 1, 2, 2, 2),
            Is.EqualTo(new float[] { 1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4 }));
        var small = Enumerable.Range(0, 2 * 7 * 7).Select(i => i / 98f).ToArray();
        Assert.That(ImageTransforms.Downsample(ImageTransforms.Upsample(small, 2, 7, 7, 4), 2, 28, 28, 4),
            Is.EqualTo(small).Within(1e-6f));
        Assert.That(() => ImageTransforms.Upsample(new float[5], 1, 2, 2, 2, new float[16]),
            Throws.ArgumentException.With.Message.Contains("'images' has 5 elements"));
    }

    [Test]
    public void OneHotRows()
    {
        Assert.That(ImageTransforms.OneHot([2, 0], 3), Is.EqualTo(new float[] { 0, 0, 1, 1, 0, 0 }));
        Assert.That(() => ImageTransforms.OneHot([3], 3),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("Label 3 at index 0"));
    }
}
