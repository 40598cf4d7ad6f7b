// The disentangled adversarial autoencoder (Makhzani et al. 2015, section 5): the course encoder gives a style code z
// (Z values) and a second course encoder, the label encoder, gives label logits (K values); the decoder reads
// z ⊕ one-hot(label); a discriminator D holds z to the prior, and a label predictor P (an adversary) tries to read the
// label from z alone. The encoder is penalised when P succeeds, so the label travels only through the label input and z
// keeps the style.
// Why two encoders: with one trunk and two output heads (z and the logits from one layer, as the semi-supervised AAE
// has them) every push that takes the label out of z takes it out of the trunk the label head reads too, and the game
// settles between the two: on 10,000 images, 2 epochs, seed 1, a probe read the label from z at 0.45 (0.78 with seed 2)
// with the head at 0.79. With its own encoder the head is a plain classifier, and the style encoder is free to drop the
// label: probe 0.27-0.29, head 0.85, on the same runs. Losses (w = --generator-weight,
// λ = --confusion-weight, μ = --independence-weight):
//   reconstruction     L_rec  = BCE(G(z ⊕ one-hot(y)), x)                                 trains E and G
//   label head         L_ce   = CE(logits, y)                                              trains the label encoder (with L_rec)
//   generator          L_gen  = w BCE(D(z), 1)                                             trains E
//   label confusion    L_conf = λ CE(P(z), uniform) = -λ mean_b (1/K) sum_k log softmax(P(z_b))_k
//                               (smallest when P can only guess: bounded, unlike -CE(P(z), y))   trains E
//   discriminator      L_D    = BCE(D(z_p), 1) + BCE(D(z), 0), z_p ~ prior, z detached    trains D
//   label predictor    L_P    = CE(P(z), y), z detached                                    trains P
//   independence       L_ind  = μ sum_k p_k || mean_{y_b = k} phi(z_b) - mean_b phi(z_b) ||^2 (IndependenceLoss; --independence-weight, default 10)   trains E
// (the phases of a step are in AaeDisentangledExperiment.cs beside it). B = batch, C, H, W = channels, height, width,
// Z = style size, K = classes.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class DisentangledAdversarialAutoencoder : StyleLabelAutoencoder
{
    public DisentangledAdversarialAutoencoder(int latent, ImageShape image, int classes = 10)
        : base("disentangled AAE", latent, image, classes, labelEncoder: true)
    {
        Discriminator = Add("discriminator", new Discriminator(latent));
        Predictor = Add("predictor", new LabelPredictor(latent, classes));
    }

    public Discriminator Discriminator { get; }

    public LabelPredictor Predictor { get; }

    /// <summary>z (B, Z) and labels [B] -> (B, C, H, W).</summary>
    public Tensor Decode(Tensor style, ReadOnlySpan<int> labels) =>
        Decoder.Forward(Tensor.Concat(1, style, Tensor.OneHot(labels, Classes, style.Backend)));

    /// <summary>Not defined without labels; call Encode and Decode(z, labels).</summary>
    public override Tensor Forward(Tensor input) =>
        throw new InvalidOperationException("The disentangled AAE decodes with labels: call Encode, then Decode(style, labels).");

    /// <summary>Random features of the independence term: F = this many tanh features beside the Z scaled values.</summary>
    public const int IndependenceFeatures = 64;

    /// <summary>
    /// L_ind = sum_k p_k || mean_{b: y_b = k} phi(z_b) - mean_b phi(z_b) ||^2, unweighted: how far each class's mean
    /// feature is from the batch's, p_k = n_k / B. phi(z) = [u, tanh(u W + c)] (Z + F values), u = (z - mean_b z) / s, s
    /// the root mean square of z - mean_b z (with its gradient, so scaling or shifting z changes nothing), W (Z, F) ~
    /// N(0, 1/Z) and c (F) ~ N(0, 1) drawn
    /// from <paramref name="features"/> each call. Zero exactly when every class's mean feature is the batch's: for the
    /// linear part the class means of z, for the random tanh features (a kernel mean embedding) most of the rest of each
    /// class's distribution of z. Not a game: no adversary to fool, the gradient points at the dependence itself.
    /// </summary>
    public static Tensor IndependenceLoss(Tensor style, ReadOnlySpan<int> labels, int classes, Generator features)
    {
        int b = style.Shape[0], z = style.Shape[1];
        var centred = style - style.Mean(0, keepDim: true);                                            // (B, Z)
        var scaled = centred / (centred * centred).Mean().Affine(1f, 1e-12f).Sqrt();                   // (B, Z), unit mean square
        var w = Tensor.RandN(new Shape(z + 1, IndependenceFeatures), features).ToArray();              // (Z + 1, F): W / sqrt(Z), then c
        for (int i = 0; i < z * IndependenceFeatures; i++) w[i] /= MathF.Sqrt(z);
        var phi = Tensor.Concat(1, scaled, Tensor.Concat(1, scaled, Tensor.Ones(new Shape(b, 1), style.Backend))
            .MatMul(Tensor.FromArray(w, new Shape(z + 1, IndependenceFeatures), style.Backend)).Tanh());   // (B, Z + F)
        var counts = new int[classes];
        foreach (int label in labels) counts[label]++;
        var centre = new float[classes * b];                                                           // (K, B): sqrt(p_k) (1[y_b = k] / n_k - 1 / B)
        for (int k = 0; k < classes; k++)
        {
            if (counts[k] == 0) continue;
            float root = MathF.Sqrt(counts[k] / (float)b);
            for (int i = 0; i < b; i++) centre[k * b + i] = root * ((labels[i] == k ? 1f / counts[k] : 0f) - 1f / b);
        }
        var gaps = Tensor.FromArray(centre, new Shape(classes, b), style.Backend).MatMul(phi);        // (K, Z + F)
        return (gaps * gaps).Sum();
    }

    /// <summary>L_conf = CE(P(z), uniform) = -mean_b (1/K) sum_k log softmax(P(z_b))_k, unweighted.</summary>
    public static Tensor ConfusionLoss(Tensor predictorLogits) =>
        F.CrossEntropy(predictorLogits, Tensor.Full(predictorLogits.Shape, 1f / predictorLogits.Shape[1], predictorLogits.Backend));
}

/// <summary>The adversary that reads the label from the style code: the discriminator's MLP with K logits, no Sigmoid.</summary>
public sealed class LabelPredictor : Module
{
    /// <summary>Initial weights from <paramref name="generator"/> (null: the default generator, as every layer).</summary>
    public LabelPredictor(int inputs, int classes, Generator? generator = null)
    {
        (Inputs, Classes) = (inputs, classes);
        Layers = Add("layers", Discriminator.Mlp(inputs, classes, generator));
    }

    public int Inputs { get; }

    public int Classes { get; }

    public Sequential Layers { get; }

    /// <summary>(B, Z) -> label logits (B, K).</summary>
    public override Tensor Forward(Tensor input) => Layers.Forward(input);
}
