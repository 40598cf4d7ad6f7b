// The semi-supervised adversarial autoencoder (Makhzani et al. 2015, section 6): the course encoder gives a style z (Z
// values) and class logits (K values), y = softmax(logits); the decoder reads z ⊕ y; a discriminator D_cat holds y to a
// categorical prior (one-hot rows of uniformly drawn classes) and D_gauss holds z to N(0, I); the few known labels train
// y. Beside it, the supervised-only baseline: part 2a's classifier trained on the same labelled batches. Losses
// (w = --generator-weight):
//   reconstruction   L_rec  = BCE(G(z ⊕ y), x)                                                 trains E and G
//   generator        L_gen  = w (BCE(D_cat(y), 1) + BCE(D_gauss(z), 1))                       trains E
//   discriminators   L_cat  = BCE(D_cat(c), 1) + BCE(D_cat(y), 0),  c one-hot ~ Cat(1/K)       trains D_cat
//                    L_gauss = BCE(D_gauss(z_p), 1) + BCE(D_gauss(z), 0),  z_p ~ N(0, I)       trains D_gauss
//   semi-supervised  L_ce   = CE(logits(x_l), y_l) on a batch of known labels                  trains E
//   baseline         L_base = CE(classifier(x_l), y_l) on the same batch                       trains the classifier
// (the phases of a step are in AaeSemiExperiment.cs beside it). B = batch, C, H, W = channels, height, width,
// Z = style size, K = classes.
namespace Engine.Models;

public sealed class SemiSupervisedAdversarialAutoencoder : StyleLabelAutoencoder
{
    public SemiSupervisedAdversarialAutoencoder(int latent, ImageShape image, int classes = 10)
        : base("semi-supervised AAE", latent, image, classes)
    {
        Categorical = Add("categorical", new Discriminator(classes));
        Gaussian = Add("gaussian", new Discriminator(latent));
        Baseline = Add("baseline", new Classifier(image, classes));
    }

    /// <summary>D_cat: one-hot prior samples against y = softmax(logits).</summary>
    public Discriminator Categorical { get; }

    /// <summary>D_gauss: N(0, I) samples against the style z.</summary>
    public Discriminator Gaussian { get; }

    /// <summary>The supervised-only baseline: part 2a's classifier, trained on the labelled batches alone.</summary>
    public Classifier Baseline { get; }

    /// <summary>z (B, Z) and class probabilities y (B, K) -> (B, C, H, W).</summary>
    public Tensor Decode(Tensor style, Tensor classes) => Decoder.Forward(Tensor.Concat(1, style, classes));

    /// <summary>(B, C, H, W) -> the reconstruction through z ⊕ softmax(logits).</summary>
    public override Tensor Forward(Tensor input)
    {
        var (z, logits) = Encode(input);
        return Decode(z, logits.Softmax());
    }

    /// <summary>Samples of the categorical prior: <paramref name="count"/> one-hot rows (count, K) of classes drawn uniformly.</summary>
    public static Tensor OneHotSamples(int count, int classes, Generator generator)
    {
        var u = Tensor.RandU(new Shape(count), 0f, 1f, generator).ToArray();
        return Tensor.OneHot([.. u.Select(v => Math.Min((int)(v * classes), classes - 1))], classes);
    }
}
