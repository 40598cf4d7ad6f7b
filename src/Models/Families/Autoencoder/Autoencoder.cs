// The autoencoder (course part 1): x -> Encode -> z (N, Z) -> Decode -> x_hat, trained to reconstruct its input.
// Loss = BCE(x_hat, x), mean over pixels by default (PyTorch's nn.BCELoss). Z = latent size.
namespace Engine.Models;

using F = Engine.Functional;

/// <summary>The course's autoencoder: x -&gt; Encode -&gt; z (N, Z) -&gt; Decode -&gt; x_hat, trained with BCE to reconstruct its input.</summary>
public sealed class Autoencoder : Module, ICourseAutoencoder
{
    /// <summary>The course's AE for images of <paramref name="image"/>'s shape with a code of <paramref name="latent"/> values.</summary>
    public Autoencoder(int latent, ImageShape image)
    {
        Latent = latent;
        Image = image;
        Encoder = Add("encoder", new CourseEncoder(image, latent));
        Decoder = Add("decoder", new CourseDecoder(latent, image));
    }

    /// <summary>The code size Z.</summary>
    public int Latent { get; }

    /// <summary>The input (and output) image shape.</summary>
    public ImageShape Image { get; }

    public CourseEncoder Encoder { get; }

    public CourseDecoder Decoder { get; }

    /// <summary>(N, C, H, W) -> (N, Z).</summary>
    public Tensor Encode(Tensor x) => Encoder.Forward(x);

    /// <summary>(N, Z) -> (N, C, H, W).</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(z);

    /// <summary>(N, C, H, W) -&gt; reconstruction (N, C, H, W), values in (0, 1).</summary>
    public override Tensor Forward(Tensor input) => Decode(Encode(input));

    /// <summary>Reconstruction loss: binary cross-entropy of x_hat against the clean target.</summary>
    public static Tensor Loss(Tensor reconstruction, Tensor target, Reduction reduction = Reduction.Mean) =>
        F.BinaryCrossEntropy(reconstruction, target, reduction);
}
