// The variational autoencoder (Kingma & Welling 2014): the encoder outputs 2Z values split into mu and log-variance,
// z = Reparametrize(mu, logVar) = mu + eps * exp(logVar / 2), and the decoder reconstructs x from z.
// Loss = BCE(x_hat, x) + w * KL(N(mu, exp(logVar)) || N(0, I)); defaults: BCE mean over pixels, KL summed over the
// latent dimensions and averaged over the batch, w = 0.005.
namespace Engine.Models;

using F = Engine.Functional;

/// <summary>The variational autoencoder: the encoder gives mu and log-variance, z = mu + eps * exp(logVar / 2), and the loss adds w * KL to the BCE.</summary>
public sealed class VariationalAutoencoder : Module, ICourseAutoencoder
{
    /// <summary>The course's VAE for images of <paramref name="image"/>'s shape with a code of <paramref name="latent"/> values.</summary>
    public VariationalAutoencoder(int latent, ImageShape image)
    {
        Latent = latent;
        Image = image;
        Encoder = Add("encoder", new CourseEncoder(image, 2 * latent));
        Decoder = Add("decoder", new CourseDecoder(latent, image));
    }

    /// <summary>The code size Z.</summary>
    public int Latent { get; }

    /// <summary>The input (and output) image shape.</summary>
    public ImageShape Image { get; }

    public CourseEncoder Encoder { get; }

    public CourseDecoder Decoder { get; }

    /// <summary>(N, C, H, W) -> mu (N, Z), logVar (N, Z).</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor x)
    {
        var h = Encoder.Forward(x);                            // (N, 2Z)
        return (h.Slice(1, 0, Latent), h.Slice(1, Latent, Latent));
    }

    /// <summary>z = mu + eps * exp(logVar / 2), eps ~ N(0, I) from the generator's Philox stream.</summary>
    public static Tensor Reparametrize(Tensor mu, Tensor logVar, Generator? generator = null) =>
        F.Reparametrize(mu, logVar, generator);

    /// <summary>(N, Z) -> (N, C, H, W).</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(z);

    /// <summary>The reconstruction of x through a sampled z (the mean z = mu in evaluation mode).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null).Reconstruction;

    /// <summary>
    /// Encode; z = mu + noise from <paramref name="generator"/> (the default one when null) when <paramref name="sample"/>
    /// (default: in training mode; the notebook samples in evaluation too), else z = mu; decode.
    /// </summary>
    public (Tensor Reconstruction, Tensor Mu, Tensor LogVar) Forward(Tensor x, Generator? generator, bool? sample = null)
    {
        var (mu, logVar) = Encode(x);
        var z = sample ?? Training ? Reparametrize(mu, logVar, generator) : mu;
        return (Decode(z), mu, logVar);
    }

    /// <summary>The loss terms: reconstruction BCE, KL, and total = bce + klWeight * kl.</summary>
    public static (Tensor Total, Tensor Reconstruction, Tensor Kl) Loss(
        Tensor reconstruction, Tensor target, Tensor mu, Tensor logVar, float klWeight,
        Reduction reconstructionReduction = Reduction.Mean, Reduction klReduction = Reduction.BatchMean)
    {
        var bce = F.BinaryCrossEntropy(reconstruction, target, reconstructionReduction);
        var kl = F.GaussianKl(mu, logVar, klReduction);
        return (bce + kl * klWeight, bce, kl);
    }
}
