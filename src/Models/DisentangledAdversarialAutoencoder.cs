// The disentangled adversarial autoencoder (Makhzani et al. 2015, section 5): the course encoder gives a style code z
// (Z values) and label logits (K values); the decoder reads z ⊕ one-hot(label); a discriminator D holds z to the prior,
// and a label predictor P (an adversary) tries to read the label from z alone. The encoder is penalised when P succeeds,
// so the label travels only through the label input and z keeps the style. Losses (w = --generator-weight):
//   reconstruction     L_rec  = BCE(G(z ⊕ one-hot(y)), x)                                 trains E and G
//   label head         L_ce   = CE(logits, y)                                              trains E (with L_rec)
//   generator          L_gen  = w BCE(D(z), 1)                                             trains E
//   label confusion    L_conf = w CE(P(z), uniform) = -w mean_b (1/K) sum_k log softmax(P(z_b))_k
//                               (smallest when P can only guess: bounded, unlike -CE(P(z), y))   trains E
//   discriminator      L_D    = BCE(D(z_p), 1) + BCE(D(z), 0), z_p ~ prior, z detached    trains D
//   label predictor    L_P    = CE(P(z), y), z detached                                    trains P
// (the phases of a step are in Experiments/AaeDisentangledExperiment.cs). B = batch, C, H, W = channels, height, width,
// Z = style size, K = classes.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class DisentangledAdversarialAutoencoder : StyleLabelAutoencoder
{
    public DisentangledAdversarialAutoencoder(int latent, ImageShape image, int classes = 10)
        : base("disentangled AAE", latent, image, classes)
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

    /// <summary>L_conf = CE(P(z), uniform) = -mean_b (1/K) sum_k log softmax(P(z_b))_k, unweighted.</summary>
    public static Tensor ConfusionLoss(Tensor predictorLogits) =>
        F.CrossEntropy(predictorLogits, Tensor.Full(predictorLogits.Shape, 1f / predictorLogits[1], predictorLogits.Backend));
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
