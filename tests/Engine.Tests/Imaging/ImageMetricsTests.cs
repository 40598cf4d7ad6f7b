// PSNR and SSIM against values computed by hand (in the comments) and one SSIM computed with PyTorch's conv2d.
using Engine.Imaging;

namespace Engine.Tests.Imaging;

public class ImageMetricsTests
{
    [Test]
    public void PsnrByHand()
    {
        // MSE = (0.1^2 * 4) / 4 = 0.01 -> 10 log10(1 / 0.01) = 20 dB; one pixel off by 0.2: MSE = 0.04 / 4 = 0.01 too.
        float[] zero = [0, 0, 0, 0];
        Assert.That(ImageMetrics.Psnr(zero, [0.1f, 0.1f, 0.1f, 0.1f]), Is.EqualTo(20.0).Within(1e-5));
        Assert.That(ImageMetrics.Psnr(zero, [0.2f, 0, 0, 0]), Is.EqualTo(20.0).Within(1e-5));
        // Data range 255, every pixel off by 1: 10 log10(255^2) = 48.1308 dB.
        Assert.That(ImageMetrics.Psnr(zero, [1, 1, 1, 1], dataRange: 255), Is.EqualTo(48.130803608679102).Within(1e-9));
        Assert.That(ImageMetrics.Psnr(zero, zero), Is.EqualTo(double.PositiveInfinity));
        // Per image: 20 dB and 40 dB (MSE 1e-4) average to 30 dB; over both at once MSE = 0.00505 -> 22.967 dB.
        float[] pair = [0.1f, 0.1f, 0.1f, 0.1f, 0.01f, 0.01f, 0.01f, 0.01f];
        Assert.That(ImageMetrics.MeanPsnr(new float[8], pair, pixelsPerImage: 4), Is.EqualTo(30.0).Within(1e-4));
        Assert.That(ImageMetrics.Psnr(new float[8], pair), Is.EqualTo(10 * Math.Log10(1 / 0.00505)).Within(1e-4));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Psnr(zero, [0f, 0f]));
    }

    [Test]
    public void SsimOfOneUniformWindowByHand()
    {
        // A 2 x 2 window with (practically) equal weights 1/4: a = [0, .5, .5, 1], b = [0, 0, 1, 1].
        // mu_a = mu_b = 0.5; s_a^2 = 0.375 - 0.25 = 0.125; s_b^2 = 0.5 - 0.25 = 0.25; s_ab = 0.375 - 0.25 = 0.125;
        // C1 = 1e-4, C2 = 9e-4: SSIM = (0.5001 * 0.2509) / (0.5001 * 0.3759) = 0.2509 / 0.3759.
        var options = new SsimOptions(WindowSize: 2, Sigma: 1e9);
        Assert.That(ImageMetrics.Ssim([0, 0.5f, 0.5f, 1], [0, 0, 1, 1], 2, 2, options), Is.EqualTo(0.2509 / 0.3759).Within(1e-9));
        // Constant images 0.2 and 0.6: variances and covariance 0, SSIM = (2 * 0.12 + 1e-4) / (0.04 + 0.36 + 1e-4).
        Assert.That(ImageMetrics.Ssim([0.2f, 0.2f, 0.2f, 0.2f], [0.6f, 0.6f, 0.6f, 0.6f], 2, 2, options),
            Is.EqualTo(0.2401 / 0.4001).Within(1e-7));
    }

    [Test]
    public void SsimIsOneForIdenticalImagesAndTheWindowIsNormalised()
    {
        var a = Pattern(phase: 0, wiggle: 0);
        Assert.That(ImageMetrics.Ssim(a, a, 28, 28), Is.EqualTo(1.0).Within(1e-12));
        var window = ImageMetrics.GaussianWindow(11, 1.5);
        Assert.That(window.Sum(), Is.EqualTo(1.0).Within(1e-12));
        Assert.That(window[5 * 11 + 5], Is.EqualTo(window.Max()));
        Assert.That(window[0], Is.EqualTo(window[120]));
    }

    [Test]
    public void SsimMatchesPyTorchsConv2d()
    {
        // torch (float64): the Gaussian window g g^T (11, sigma 1.5, normalised) applied with F.conv2d (valid) to a, b, a^2,
        // b^2, ab; the SSIM map (18 x 18) averaged -> 0.8522157258752173; PSNR 10 log10(1 / mean((a - b)^2)) -> 18.345749575421003.
        var a = Pattern(phase: 0, wiggle: 0);
        var b = Pattern(phase: 0.3, wiggle: 0.05);
        Assert.That(ImageMetrics.Ssim(a, b, 28, 28), Is.EqualTo(0.8522157258752173).Within(1e-9));
        Assert.That(ImageMetrics.Psnr(a, b), Is.EqualTo(18.345749575421003).Within(1e-9));
        Assert.That(ImageMetrics.MeanSsim([.. a, .. b], [.. b, .. b], 28, 28), Is.EqualTo((0.8522157258752173 + 1) / 2).Within(1e-9));
        Assert.Throws<ArgumentException>(() => ImageMetrics.Ssim(a[..100], b[..100], 10, 10));
    }

    /// <summary>a = 0.5 + 0.5 sin(0.37x + 0.21y) (phase 0, wiggle 0); b = 0.5 + 0.4 sin(... + 0.3) + 0.05 cos(1.3xy).</summary>
    private static float[] Pattern(double phase, double wiggle)
    {
        var image = new float[28 * 28];
        double amplitude = wiggle == 0 ? 0.5 : 0.4;
        for (int y = 0; y < 28; y++)
            for (int x = 0; x < 28; x++)
                image[y * 28 + x] = (float)(0.5 + amplitude * Math.Sin(0.37 * x + 0.21 * y + phase) + wiggle * Math.Cos(1.3 * x * y));
        return image;
    }
}
