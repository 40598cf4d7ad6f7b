// What the disentangled and the semi-supervised AAEs share: a style z (Z values) and label logits (K values), either
// from one course encoder's output layer (the semi-supervised AAE's q(y, z | x)) or, with a label encoder, z from the
// course encoder and the logits from a second one (the disentangled AAE: its label head must not share the trunk that
// is pushed to forget the label); the course decoder reads Z + K values (z beside a label code). Each subclass adds its
// adversaries and says what the decoder's label code is. B = batch, Z = style size, K = classes.
namespace Engine.Models;

public abstract class StyleLabelAutoencoder : Module
{
    /// <summary>Adds "encoder" and "decoder" (in that order, before a subclass's own children); <paramref name="kind"/> names the model in errors.</summary>
    protected StyleLabelAutoencoder(string kind, int latent, ImageShape image, int classes, bool labelEncoder = false)
    {
        if (latent <= 0 || classes <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), $"A {kind} needs a positive style size and 2 classes or more; got {latent} and {classes}.");
        }
        (Latent, Image, Classes) = (latent, image, classes);
        Encoder = Add("encoder", new CourseEncoder(image, labelEncoder ? latent : latent + classes));   // z, then (one trunk) the label logits
        if (labelEncoder) LabelEncoder = Add("label-encoder", new CourseEncoder(image, classes));
        Decoder = Add("decoder", new CourseDecoder(latent + classes, image));           // reads z ⊕ a label code (K values)
    }

    public int Latent { get; }

    public ImageShape Image { get; }

    public int Classes { get; }

    public CourseEncoder Encoder { get; }

    public CourseDecoder Decoder { get; }

    /// <summary>The label logits' own encoder (null: they share the style's trunk and output layer).</summary>
    public CourseEncoder? LabelEncoder { get; }

    /// <summary>The parameters of everything that encodes: the encoder and, if there is one, the label encoder.</summary>
    public IEnumerable<Parameter> EncoderParameters => LabelEncoder is null ? Encoder.Parameters() : Encoder.Parameters().Concat(LabelEncoder.Parameters());

    /// <summary>(B, C, H, W) -> the style z (B, Z) alone (with a label encoder, without running it).</summary>
    public Tensor EncodeStyle(Tensor x) => LabelEncoder is null ? Encode(x).Style : Encoder.Forward(x);

    /// <summary>(B, C, H, W) -> the style z (B, Z) and the label logits (B, K).</summary>
    public (Tensor Style, Tensor Logits) Encode(Tensor x)
    {
        if (LabelEncoder is not null) return (Encoder.Forward(x), LabelEncoder.Forward(x));
        var h = Encoder.Forward(x);                                                     // (B, Z + K)
        return (h.Slice(1, 0, Latent), h.Slice(1, Latent, Classes));
    }
}
