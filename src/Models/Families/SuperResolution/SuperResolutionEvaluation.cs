// Scores and figure rows for the super-resolution AE against the classical up-samplers: every method starts from the same
// area-averaged input (x2: 14 x 14, x4: 7 x 7) and is compared with the original 28 x 28 by mean per-image PSNR and SSIM
// (Engine.Imaging.ImageMetrics). Bilinear and bicubic are PyTorch's (Engine.Imaging.Resampling); bicubic is clamped to
// [0, 1] like any image it is shown or scored as. N = images, C, H, W = channels, target height, width, h, w = input sides.
namespace Engine.Models;

using Engine.Imaging;
using Engine.Memory;

/// <summary>One method's mean per-image PSNR (dB) and SSIM on a set of images.</summary>
public sealed record ResolutionScore(string Method, double Psnr, double Ssim);

public static class SuperResolutionEvaluation
{
    public const string Ours = "autoencoder", Bilinear = "bilinear", Bicubic = "bicubic";

    /// <summary>The model's output [N, C, H, W] for low-resolution inputs [N, C, h, w], in evaluation mode.</summary>
    public static float[] Upscale(SuperResolutionAutoencoder model, float[] lowResolution)
    {
        var input = model.Input;
        var backend = model.Parameters().First().Value.Backend;
        return ConditionalGeneration.InEvaluation(model, lowResolution.Length / input.Count, model.Target.Count, (start, count) =>
            model.Forward(Tensor.FromArray(lowResolution[(start * input.Count)..((start + count) * input.Count)],
                new Shape(count, input.Channels, input.Height, input.Width), backend)));
    }

    /// <summary>Bilinear and bicubic (clamped to [0, 1]) up-sampling of inputs [N, C, h, w] to [N, C, H, W].</summary>
    public static (float[] Bilinear, float[] Bicubic) Baselines(float[] lowResolution, ImageShape input, ImageShape target)
    {
        int planes = lowResolution.Length / (input.Height * input.Width);
        var bilinear = Resampling.Bilinear(lowResolution, planes, input.Height, input.Width, target.Height, target.Width);
        var bicubic = Resampling.Bicubic(lowResolution, planes, input.Height, input.Width, target.Height, target.Width);
        for (int i = 0; i < bicubic.Length; i++) bicubic[i] = Math.Clamp(bicubic[i], 0f, 1f);
        return (bilinear, bicubic);
    }

    /// <summary>PSNR and SSIM of the model, bilinear and bicubic on <paramref name="images"/> [N, C, H, W] (the originals).</summary>
    public static IReadOnlyList<ResolutionScore> Score(SuperResolutionAutoencoder model, float[] images)
    {
        var target = model.Target;
        int n = images.Length / target.Count;
        var low = model.LowResolution(images, n);
        var (bilinear, bicubic) = Baselines(low, model.Input, target);
        ResolutionScore Of(string method, float[] output) => new(method,
            ImageMetrics.MeanPsnr(output, images, target.Height * target.Width),
            ImageMetrics.MeanSsim(output, images, target.Height, target.Width));
        return [Of(Ours, Upscale(model, low)), Of(Bilinear, bilinear), Of(Bicubic, bicubic)];
    }

    /// <summary>
    /// The figure: five rows of <paramref name="images"/>' first <paramref name="count"/> items, each [count, C, H, W]:
    /// the low-resolution input (each pixel repeated F x F), bilinear, bicubic, the model's output, the original.
    /// </summary>
    public static (IReadOnlyList<string> Rows, float[] Images) ComparisonRows(SuperResolutionAutoencoder model, float[] images, int count)
    {
        var target = model.Target;
        if (count <= 0 || images.Length < count * target.Count)
        {
            throw new ArgumentException($"The comparison needs {count} > 0 images of {target}; got {images.Length / target.Count}.");
        }
        var originals = images[..(count * target.Count)];
        var low = model.LowResolution(originals, count);
        var nearest = Engine.Nn.Data.ImageTransforms.Upsample(low, count * target.Channels, model.Input.Height, model.Input.Width, model.Factor);
        var (bilinear, bicubic) = Baselines(low, model.Input, target);
        string lowName = $"input {model.Input.Height}x{model.Input.Width}";
        return ([lowName, Bilinear, Bicubic, Ours, "original"], [.. nearest, .. bilinear, .. bicubic, .. Upscale(model, low), .. originals]);
    }
}
