// The adversarial autoencoder (Makhzani et al. 2015, the course's AAE): the course encoder E (a plain code, no mu or
// log-variance) and decoder G, and a discriminator D that tells prior samples from codes. Its codes are held to the
// prior by the adversary, not by a KL term, so the prior can be anything one can sample (a square, ten boxes). Losses:
//   reconstruction  L_rec = BCE(G(E(x)), x)                      mean over pixels; trains E and G
//   generator       L_gen = w BCE(D(E(x)), 1) = -w mean log D(E(x))   w = 0.01 (--generator-weight); trains E
//   discriminator   L_D   = BCE(D(z_p), 1) + BCE(D(E(x)), 0)     z_p ~ prior, E(x) detached; trains D
// D judges the codes among prior samples in one pass (Discriminator.Judge) in both adversarial terms.
// With a code bound B > 0 (--code-bound) the code is B tanh(E(x)): it cannot leave the box [-B, B]^Z.
// (the three phases of a step are in AaeExperiment.cs beside it). B = batch, C, H, W = channels, height, width,
// Z = latent size.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class AdversarialAutoencoder : Module, ICourseAutoencoder
{
    public AdversarialAutoencoder(int latent, ImageShape image, float codeBound = 0f)
    {
        Latent = latent;
        CodeBound = codeBound;
        Image = image;
        Encoder = Add("encoder", new CourseEncoder(image, latent));
        Decoder = Add("decoder", new CourseDecoder(latent, image));
        Discriminator = Add("discriminator", new Discriminator(latent));
    }

    public int Latent { get; }

    public ImageShape Image { get; }

    /// <summary>B of the code B tanh(E(x)); 0: the encoder's output as it is (the default).</summary>
    public float CodeBound { get; }

    public CourseEncoder Encoder { get; }

    public CourseDecoder Decoder { get; }

    public Discriminator Discriminator { get; }

    /// <summary>The autoencoder's parameters (encoder and decoder): what the reconstruction phase trains.</summary>
    public IEnumerable<Parameter> AutoencoderParameters => Encoder.Parameters().Concat(Decoder.Parameters());

    /// <summary>(B, C, H, W) -> z (B, Z): E(x), or B tanh(E(x)) with a code bound.</summary>
    public Tensor Encode(Tensor x) => CodeBound > 0 ? Encoder.Forward(x).Tanh() * CodeBound : Encoder.Forward(x);

    /// <summary>(B, Z) -> x_hat (B, C, H, W).</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(z);

    /// <summary>(B, C, H, W) -> the reconstruction (B, C, H, W).</summary>
    public override Tensor Forward(Tensor input) => Decode(Encode(input));

    /// <summary>L_rec = BCE(x_hat, x), mean over pixels.</summary>
    public static Tensor ReconstructionLoss(Tensor reconstruction, Tensor x) => F.BinaryCrossEntropy(reconstruction, x);

    /// <summary>BCE(D(E(x)), 1) = -mean log D(E(x)): small when the discriminator takes the codes for prior samples (unweighted).</summary>
    public static Tensor GeneratorLoss(Tensor dOfCodes) => Discriminator.Bce(dOfCodes, 1f);
}
