// The conditional VAE (Sohn et al. 2015, the course's CVAE): the course VAE encoder q(z | x) outputs mu and
// log-variance; the decoder p(x | z, y) reads z concatenated with the one-hot label y, so it is the course decoder with
// Z + K inputs. Because the label carries the class, z is free to carry the style: decode one image's z with every label
// for style transfer, or z ~ N(0, I) with label c for "a c". Loss as the VAE's:
//   L = BCE(x_hat, x) + w * KL(N(mu, exp(logVar)) || N(0, I)),  x_hat = Decode(Reparametrize(mu, logVar), y).
// B = batch, C = channels, H, W = height, width, Z = latent size, K = classes.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class ConditionalVariationalAutoencoder : Module, ICourseAutoencoder
{
    /// <summary>
    /// The KL weight w of the CVAE's recipe, four times the VAE's 0.005: the label gives the decoder the class, so z should
    /// hold style alone; a KL this strong keeps class information out of z, and samples from the prior decode to the class
    /// asked for (Fashion-MNIST subset, 6 epochs, conditional accuracy 0.58 / 0.64 / 0.76 / 0.75 / 0.70 at w = 0.001 /
    /// 0.005 / 0.02 / 0.05 / 0.1; bench/RESULTS.md).
    /// </summary>
    public const float DefaultKlWeight = 0.02f;

    public ConditionalVariationalAutoencoder(int latent, ImageShape image, int classes = 10)
    {
        if (latent <= 0 || classes <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes),
                $"A conditional VAE needs a positive latent size and at least 2 classes; got latent {latent}, classes {classes}.");
        }
        Latent = latent;
        Image = image;
        Classes = classes;
        Encoder = Add("encoder", new CourseEncoder(image, 2 * latent));
        Decoder = Add("decoder", new CourseDecoder(latent + classes, image));   // reads z ⊕ one-hot(y)
    }

    public int Latent { get; }

    public ImageShape Image { get; }

    public int Classes { get; }

    public CourseEncoder Encoder { get; }

    /// <summary>The course decoder with Z + K inputs: its "linear" child is Linear(Z + K, 512).</summary>
    public CourseDecoder Decoder { get; }

    /// <summary>q(z | x): (B, C, H, W) -> mu (B, Z), logVar (B, Z). The encoder does not see the label.</summary>
    public (Tensor Mu, Tensor LogVar) Encode(Tensor x)
    {
        var h = Encoder.Forward(x);                                    // (B, 2Z)
        return (h.Slice(1, 0, Latent), h.Slice(1, Latent, Latent));
    }

    /// <summary>z = mu + eps * exp(logVar / 2), eps ~ N(0, I) from the generator's Philox stream.</summary>
    public static Tensor Reparametrize(Tensor mu, Tensor logVar, Generator? generator = null) =>
        F.Reparametrize(mu, logVar, generator);

    /// <summary>z (B, Z) and labels [B] in 0..K-1 -> z ⊕ one-hot(y) (B, Z + K), what the decoder reads.</summary>
    public Tensor Condition(Tensor z, ReadOnlySpan<int> labels)
    {
        if (z.Rank != 2 || z.Shape[1] != Latent || z.Shape[0] != labels.Length)
        {
            throw new ArgumentException(
                $"The conditional VAE decodes z of shape (B, {Latent}) with B labels; got z {z.Shape} and {labels.Length} labels.");
        }
        var oneHot = Tensor.OneHot(labels, Classes, z.Backend);       // (B, K)
        return Tensor.Concat(1, z, oneHot);
    }

    /// <summary>p(x | z, y): z (B, Z), labels [B] -> (B, C, H, W).</summary>
    public Tensor Decode(Tensor z, ReadOnlySpan<int> labels) => Decoder.Forward(Condition(z, labels));

    /// <summary>Not defined without labels; call Forward(x, labels, generator).</summary>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("The conditional VAE needs the labels: call Forward(x, labels, generator).");

    /// <summary>
    /// x (B, C, H, W), labels [B] -> the reconstruction through a sampled z when <paramref name="sample"/> (default: in
    /// training mode; the notebook samples in evaluation too), else z = mu; mu, logVar.
    /// </summary>
    public (Tensor Reconstruction, Tensor Mu, Tensor LogVar) Forward(Tensor x, ReadOnlySpan<int> labels, Generator? generator, bool? sample = null)
    {
        var (mu, logVar) = Encode(x);
        var z = sample ?? Training ? Reparametrize(mu, logVar, generator) : mu;
        return (Decode(z, labels), mu, logVar);
    }

    /// <summary>The loss terms, as the VAE's: total = BCE(x_hat, x) + klWeight * KL, reconstruction BCE, KL.</summary>
    public static (Tensor Total, Tensor Reconstruction, Tensor Kl) Loss(
        Tensor reconstruction, Tensor target, Tensor mu, Tensor logVar, float klWeight,
        Reduction reconstructionReduction = Reduction.Mean, Reduction klReduction = Reduction.BatchMean) =>
        VariationalAutoencoder.Loss(reconstruction, target, mu, logVar, klWeight, reconstructionReduction, klReduction);
}
