// The super-resolution autoencoder: a 28 x 28 image down-sampled by area averaging (x2: 14 x 14, x4: 7 x 7) in, the
// original 28 x 28 out. Why this design:
//   - No spatial bottleneck: the low-resolution image is already the code (196 or 49 numbers), so the encoder keeps its
//     size and lifts each pixel into 64 features with 3 x 3 context (three convolutions: a 7 x 7 low-resolution receptive
//     field, enough to see an edge's direction, which is what bicubic cannot use).
//   - The decoder learns the up-sampling: one ConvTranspose2d(k3, s2, p1, output_padding 1) per factor of two, the
//     course decoder's block, i.e. a learned counterpart of bilinear/bicubic's fixed kernels; then a 3 x 3 convolution to
//     the image's channels and a sigmoid, so the output is in (0, 1) like the course decoder's.
//   - Blocks are the course's (conv + BatchNorm2d + LeakyReLU 0.01), so it trains with the same recipe (Adam, batch 64).
//   - Loss = MSE(x_hat, x), mean over pixels: PSNR = 10 log10(1 / MSE) is what it is judged by, so minimise that directly.
// B = batch, C = channels, H, W = target height, width, F = factor, h = H / F, w = W / F, D = 64 features.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class SuperResolutionAutoencoder : Module
{
    public const int Features = 64;
    public static readonly IReadOnlyList<int> Factors = [2, 4];

    public SuperResolutionAutoencoder(int factor, ImageShape target)
    {
        CheckFactor(factor, target);
        Factor = factor;
        Target = target;
        Input = new ImageShape(target.Channels, target.Height / factor, target.Width / factor);
        Encoder = Add("encoder", new Sequential(
            CourseNetworks.Block(new Conv2d(target.Channels, Features, kernelSize: 3, padding: 1), Features),
            CourseNetworks.Block(new Conv2d(Features, Features, kernelSize: 3, padding: 1), Features),
            CourseNetworks.Block(new Conv2d(Features, Features, kernelSize: 3, padding: 1), Features)));
        var decoder = new Sequential();
        int channels = Features;
        for (int scale = factor; scale > 1; scale /= 2)
        {
            int next = scale == 2 ? Features / 2 : Features;   // the last doubling works at 28 x 28 with 32 channels
            decoder.Append(CourseNetworks.Block(
                new ConvTranspose2d(channels, next, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1), next));   // s -> 2s
            channels = next;
        }
        decoder.Append(new Sequential(new Conv2d(channels, target.Channels, kernelSize: 3, padding: 1), new Sigmoid()));
        Decoder = Add("decoder", decoder);
    }

    /// <summary>The down-sampling factor the model undoes: 2 or 4.</summary>
    public int Factor { get; }

    /// <summary>The output (original) image shape (C, H, W).</summary>
    public ImageShape Target { get; }

    /// <summary>The input (low-resolution) image shape (C, h, w).</summary>
    public ImageShape Input { get; }

    public Sequential Encoder { get; }

    public Sequential Decoder { get; }

    /// <summary>One clear line for an unsupported factor (e.g. --factor 3) or a size it does not divide.</summary>
    public static void CheckFactor(int factor, ImageShape target)
    {
        if (!Factors.Contains(factor))
        {
            throw new ArgumentException($"Super-resolution factor {factor} is not supported; choose 2 or 4.", nameof(factor));
        }
        if (target.Height % factor != 0 || target.Width % factor != 0)
        {
            throw new ArgumentException(
                $"Super-resolution by {factor} needs image sides divisible by {factor}; got {target.Height}x{target.Width}.", nameof(factor));
        }
    }

    /// <summary>The model's input for images [N, C, H, W] (host floats): area averaging over F x F blocks, [N, C, h, w].</summary>
    public float[] LowResolution(float[] images, int n) =>
        Engine.Nn.Data.ImageTransforms.Downsample(images, n * Target.Channels, Target.Height, Target.Width, Factor);

    /// <summary>(B, C, h, w) -> features (B, D, h, w).</summary>
    public Tensor Encode(Tensor lowResolution)
    {
        if (lowResolution.Rank != 4 || lowResolution.Shape[1] != Input.Channels || lowResolution.Shape[2] != Input.Height || lowResolution.Shape[3] != Input.Width)
        {
            throw new ArgumentException(
                $"The x{Factor} super-resolution model takes (B, {Input.Channels}, {Input.Height}, {Input.Width}); got {lowResolution.Shape}.");
        }
        return Encoder.Forward(lowResolution);
    }

    /// <summary>(B, D, h, w) -> (B, C, H, W) in (0, 1).</summary>
    public Tensor Decode(Tensor features) => Decoder.Forward(features);

    public override Tensor Forward(Tensor input) => Decode(Encode(input));

    /// <summary>MSE(x_hat, x), mean over every pixel: PSNR = 10 log10(1 / MSE) for images in [0, 1].</summary>
    public static Tensor Loss(Tensor reconstruction, Tensor target) => F.MseLoss(reconstruction, target);
}
