// The course's convolutional Encoder and Decoder, module for module as the notebook's PyTorch classes build them, so a
// state dict saved from the course loads unchanged (names "encoder.0.0.weight" in an Encoder, "linear.weight" and
// "decoder.4.3.bias" in a Decoder):
//   Encoder(Z): encoder = Sequential(
//                 0..3: [Conv2d(k3, s2, p1) + BatchNorm2d + LeakyReLU] (channels 32, 64, 128, 256; 28 -> 14 -> 7 -> 4 -> 2),
//                 4:    [Conv2d(256, 512, k1) + BatchNorm2d + LeakyReLU],
//                 5: Flatten,  6: Linear(512 * 2 * 2, Z))
//   Decoder(Z): linear = Linear(Z, 512), viewed as (512, 1, 1), then decoder = Sequential(
//                 0..3: [ConvTranspose2d(k3, s2, p1, output_padding=1) + BatchNorm2d + LeakyReLU]
//                       (512 -> 256 -> 128 -> 64 -> 32; sizes 1 -> 2 -> 4 -> 8 -> 16),
//                 4:    [ConvTranspose2d(32, 32, k3, s2, p1, output_padding=1) + BatchNorm2d + LeakyReLU
//                        + Conv2d(32, 1, k7, p1) + Sigmoid]   (16 -> 32 -> 28))
// The decoder doubles 1 -> 2 -> ... -> S, the first power of two at or above the image size, and its final convolution
// (padding 1) crops S to the image size with a kernel of S + 3 - size: 7 for 28, as in the course. Other image sizes get
// the same tree with the kernel that lands on them. N = images, C = channels, H, W = height, width, Z = latent size.
namespace Engine.Models;

/// <summary>Shared sizes of the course networks.</summary>
public static class CourseNetworks
{
    public static readonly int[] EncoderChannels = [32, 64, 128, 256];
    public const int Width = 512;
    public const float Slope = 0.01f;   // nn.LeakyReLU's default negative slope

    /// <summary>
    /// Conv (or transposed conv) + BatchNorm2d + LeakyReLU: the course's block. The batch norm and the LeakyReLU are one
    /// module (BatchNormLeakyRelu2d) named "1", the batch norm's position; it takes the LeakyReLU's "2" too, so a layer
    /// appended after it is "3", as in PyTorch.
    /// </summary>
    public static Sequential Block(Module convolution, int channels) =>
        new Sequential(convolution).Append(new BatchNormLeakyRelu2d(channels, Slope), positions: 2);

    /// <summary>
    /// The sizes the decoder's up-sampling blocks produce for an image of <paramref name="size"/>: 2, 4, ... up to the
    /// first power of two at or above it. For 28: [2, 4, 8, 16, 32].
    /// </summary>
    public static List<int> UpsamplingSizes(int size)
    {
        var sizes = new List<int>();
        for (int s = 2; sizes.Count == 0 || sizes[^1] < size; s *= 2) sizes.Add(s);
        return sizes;
    }
}

/// <summary>The course's Encoder: images (N, C, H, W) to (N, outputs); the VAE asks for 2Z outputs (mu, log-variance).</summary>
public sealed class CourseEncoder : Module
{
    public CourseEncoder(ImageShape image, int outputs)
    {
        Outputs = outputs;
        var encoder = new Sequential();
        int c = image.Channels, h = image.Height, w = image.Width;
        foreach (int next in CourseNetworks.EncoderChannels)
        {
            var conv = new Conv2d(c, next, kernelSize: 3, stride: 2, padding: 1);
            encoder.Append(CourseNetworks.Block(conv, next));
            (c, h, w) = (next, conv.OutputSize(h), conv.OutputSize(w));
        }
        encoder.Append(CourseNetworks.Block(new Conv2d(c, CourseNetworks.Width, kernelSize: 1), CourseNetworks.Width));
        encoder.Append(new Flatten());
        encoder.Append(new Linear(CourseNetworks.Width * h * w, outputs));
        Layers = Add("encoder", encoder);
    }

    public int Outputs { get; }

    /// <summary>The child "encoder": blocks 0-4, Flatten (5), Linear (6).</summary>
    public Sequential Layers { get; }

    public override Tensor Forward(Tensor input) => Layers.Forward(input);   // (N, C, H, W) -> (N, outputs)
}

/// <summary>The course's Decoder: latent vectors (N, Z) to images (N, C, H, W) in (0, 1).</summary>
public sealed class CourseDecoder : Module
{
    public CourseDecoder(int latent, ImageShape image)
    {
        if (image.Height != image.Width)
        {
            throw new ArgumentException($"The course decoder makes square images; got {image.Height}x{image.Width}.");
        }
        Latent = latent;
        Input = Add("linear", new Linear(latent, CourseNetworks.Width));
        var sizes = CourseNetworks.UpsamplingSizes(image.Height);
        var decoder = new Sequential();
        int c = CourseNetworks.Width;
        for (int block = 1; block <= sizes.Count; block++)
        {
            int next = Math.Max(CourseNetworks.Width >> block, CourseNetworks.EncoderChannels[0]);
            var up = CourseNetworks.Block(
                new ConvTranspose2d(c, next, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1), next);   // s -> 2s
            decoder.Append(up);
            c = next;
        }
        FinalKernel = sizes[^1] + 3 - image.Height;   // S + 2 - k + 1 = size with padding 1
        var last = (Sequential)decoder[sizes.Count - 1];
        last.Append(new Conv2d(c, image.Channels, FinalKernel, padding: 1));
        last.Append(new Sigmoid());
        Layers = Add("decoder", decoder);
    }

    public int Latent { get; }

    /// <summary>The final convolution's kernel size (7 for 28 x 28 images).</summary>
    public int FinalKernel { get; }

    /// <summary>The child "linear": Z -> 512.</summary>
    public Linear Input { get; }

    /// <summary>The child "decoder": the up-sampling blocks, the last one ending in Conv2d + Sigmoid.</summary>
    public Sequential Layers { get; }

    public override Tensor Forward(Tensor input)
    {
        var h = Input.Forward(input);                                   // (N, 512)
        return Layers.Forward(h.Reshape(h.Shape[0], CourseNetworks.Width, 1, 1));   // (N, 512, 1, 1) -> (N, C, H, W)
    }
}
