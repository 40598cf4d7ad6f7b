// The course's convolutional encoder and decoder, as PyTorch nn.Sequential trees so state-dict names match:
//   encoder: [Conv2d(k3, s2, p1) + BatchNorm2d + LeakyReLU] x 4 (channels 32, 64, 128, 256; 28 -> 14 -> 7 -> 4 -> 2),
//            [Conv2d(k1) to 512 + BatchNorm2d + LeakyReLU], Flatten, Linear(512 * 2 * 2 -> outputs)
//   decoder: Linear(latent -> 512), Unflatten(512, 1, 1),
//            [ConvTranspose2d(k3, s2, p1, op) + BatchNorm2d + LeakyReLU] x 5 (512 -> 256 -> 128 -> 64 -> 32 -> 32),
//            retracing the encoder's sizes in reverse: 1 -> 2 -> 4 -> 7 -> 14 -> 28 (op = 0 where the size is odd),
//            Conv2d(32 -> 1, k7, p3), Sigmoid.
// A stride-2 transposed convolution turns s into 2s - 1 + op, so any size the encoder halved (ceil) can be retraced:
// the sizes, the flatten width and the output paddings all come from the image size, nothing is hand-written.
namespace Engine.Models;

public static class CourseNetworks
{
    public static readonly int[] EncoderChannels = [32, 64, 128, 256];
    public const int Width = 512;
    public const float Slope = 0.01f;
    private const int FinalKernel = 7;

    /// <summary>Images (N, C, H, W) to (N, outputs).</summary>
    public static Sequential Encoder(int channels, int height, int width, int outputs)
    {
        var encoder = new Sequential();
        int c = channels, h = height, w = width;
        foreach (int next in EncoderChannels)
        {
            var conv = new Conv2d(c, next, kernelSize: 3, stride: 2, padding: 1);
            encoder.Append(new Sequential(conv, new BatchNorm2d(next), new LeakyReLU(Slope)));
            (c, h, w) = (next, conv.OutputSize(h), conv.OutputSize(w));
        }
        encoder.Append(new Sequential(new Conv2d(c, Width, kernelSize: 1), new BatchNorm2d(Width), new LeakyReLU(Slope)));
        encoder.Append(new Flatten());
        encoder.Append(new Linear(Width * h * w, outputs));
        return encoder;
    }

    /// <summary>Latent vectors (N, latent) to images (N, C, H, W) in (0, 1).</summary>
    public static Sequential Decoder(int latent, int channels, int height, int width)
    {
        if (height != width)
        {
            throw new ArgumentException($"The course decoder makes square images; got {height}x{width}.");
        }
        var decoder = new Sequential(new Linear(latent, Width), new Unflatten(Width, 1, 1));
        int c = Width, size = 1, block = 0;
        foreach (int target in UpsamplingSizes(height))
        {
            int next = Math.Max(Width >> ++block, EncoderChannels[0]);
            int outputPadding = target - (2 * size - 1);                   // 0 or 1
            decoder.Append(new Sequential(
                new ConvTranspose2d(c, next, kernelSize: 3, stride: 2, padding: 1, outputPadding: outputPadding),
                new BatchNorm2d(next), new LeakyReLU(Slope)));
            (c, size) = (next, target);
        }
        decoder.Append(new Conv2d(c, channels, FinalKernel, padding: FinalKernel / 2));
        decoder.Append(new Sigmoid());
        return decoder;
    }

    /// <summary>
    /// The sizes the decoder's up-sampling blocks produce, from 1 up to the image size: the encoder's halvings
    /// (s -> ceil(s / 2)) read backwards, continued down to 1. For 28: [2, 4, 7, 14, 28].
    /// </summary>
    public static List<int> UpsamplingSizes(int size)
    {
        var sizes = new List<int>();
        for (int s = size; s > 1; s = (s + 1) / 2)
        {
            sizes.Add(s);
        }
        sizes.Reverse();
        return sizes;
    }
}
