// What the disentangled and the semi-supervised AAEs share: the course encoder gives a style z (Z values) and label
// logits (K values) from one output layer, and the course decoder reads Z + K values (z beside a label code). Each
// subclass adds its adversaries and says what the decoder's label code is. B = batch, Z = style size, K = classes.
namespace Engine.Models;

public abstract class StyleLabelAutoencoder : Module
{
    /// <summary>Adds "encoder" and "decoder" (in that order, before a subclass's own children); <paramref name="kind"/> names the model in errors.</summary>
    protected StyleLabelAutoencoder(string kind, int latent, ImageShape image, int classes)
    {
        if (latent <= 0 || classes <= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), $"A {kind} needs a positive style size and 2 classes or more; got {latent} and {classes}.");
        }
        (Latent, Image, Classes) = (latent, image, classes);
        Encoder = Add("encoder", new CourseEncoder(image, latent + classes));           // z, then the label logits
        Decoder = Add("decoder", new CourseDecoder(latent + classes, image));           // reads z ⊕ a label code (K values)
    }

    public int Latent { get; }

    public ImageShape Image { get; }

    public int Classes { get; }

    public CourseEncoder Encoder { get; }

    public CourseDecoder Decoder { get; }

    /// <summary>(B, C, H, W) -> the style z (B, Z) and the label logits (B, K).</summary>
    public (Tensor Style, Tensor Logits) Encode(Tensor x)
    {
        var h = Encoder.Forward(x);                                                     // (B, Z + K)
        return (h.Slice(1, 0, Latent), h.Slice(1, Latent, Classes));
    }
}
