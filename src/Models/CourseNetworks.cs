// The course's convolutional encoder and decoder, as PyTorch nn.Sequential trees so state-dict names match:
//   encoder: [Conv2d(k3, s2, p1) + BatchNorm2d + LeakyReLU] x 4 (channels 32, 64, 128, 256; 28 -> 14 -> 7 -> 4 -> 2),
//            [Conv2d(k1) to 512 + BatchNorm2d + LeakyReLU], Flatten, Linear(512 * 2 * 2 -> outputs)
//   decoder: Linear(latent -> 512), Unflatten(512, 1, 1),
//            [ConvTranspose2d(k3, s2, p1, op1) + BatchNorm2d + LeakyReLU] x 5 (512 -> 256 -> 128 -> 64 -> 32 -> 32;
//            1 -> 2 -> 4 -> 8 -> 16 -> 32), Conv2d(32 -> 1, k7, padding p) with p chosen to land on the image size
//            (p = 1 for 28), Sigmoid.
// Flatten sizes and the number of up-sampling blocks are derived from the image size, not hand-written.
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
        int blocks = 1;
        while ((1 << blocks) < height) blocks++;
        int padding2 = height + FinalKernel - 1 - (1 << blocks);       // 2 * padding of the final convolution
        if (padding2 < 0 || padding2 % 2 != 0 || padding2 / 2 >= FinalKernel)
        {
            throw new ArgumentException($"The course decoder cannot make {height}x{width} images: up-sampling gives " +
                $"{1 << blocks}x{1 << blocks}, which a {FinalKernel}x{FinalKernel} convolution cannot turn into {height}x{width}. " +
                "Use an even size S with a power of two in [S, S + 6] (e.g. 28, 32, 64).");
        }
        var decoder = new Sequential(new Linear(latent, Width), new Unflatten(Width, 1, 1));
        int c = Width;
        for (int i = 0; i < blocks; i++)
        {
            int next = Math.Max(Width >> (i + 1), EncoderChannels[0]);
            decoder.Append(new Sequential(
                new ConvTranspose2d(c, next, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1),
                new BatchNorm2d(next), new LeakyReLU(Slope)));
            c = next;
        }
        decoder.Append(new Conv2d(c, channels, FinalKernel, padding: padding2 / 2));
        decoder.Append(new Sigmoid());
        return decoder;
    }
}
