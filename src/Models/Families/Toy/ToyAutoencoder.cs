// The course's autoencoder on the 2-D toy, unconditional or conditional. The code is one number, too little to say which
// curve a point lies on where the sine and the circle overlap; the conditional model is also given the label (0 sine,
// 1 circle) as one extra input of the encoder and of the decoder, so the code only has to say where along the curve.
//   encoder: (x, y [, label]) -> Linear(2 [+1], 32) -> LeakyReLU(0.2) -> Linear(32, 64) -> LeakyReLU(0.2) -> Linear(64, 1) = z
//   decoder: (z [, label])    -> Linear(1 [+1], 64) -> LeakyReLU(0.2) -> Linear(64, 32) -> LeakyReLU(0.2) -> Linear(32, 2)
//   Loss = MSE(p_hat, p) = (1 / 2B) sum_b |p_hat_b - p_b|^2 (mean over both coordinates of every point).
// B = points, Z = 1 (code size), L = label columns (0 unconditional, 1 conditional).
namespace Engine.Models;

using F = Engine.Functional;

public sealed class ToyAutoencoder : Module
{
    public const float Slope = 0.2f;

    public ToyAutoencoder(bool conditional)
    {
        Conditional = conditional;
        int l = conditional ? 1 : 0;
        Encoder = Add("encoder", new Sequential(
            new Linear(2 + l, 32), new LeakyReLU(Slope), new Linear(32, 64), new LeakyReLU(Slope), new Linear(64, 1)));
        Decoder = Add("decoder", new Sequential(
            new Linear(1 + l, 64), new LeakyReLU(Slope), new Linear(64, 32), new LeakyReLU(Slope), new Linear(32, 2)));
    }

    /// <summary>True when encoder and decoder also read the label.</summary>
    public bool Conditional { get; }

    public Sequential Encoder { get; }

    public Sequential Decoder { get; }

    /// <summary>points (B, 2) [and labels (B, 1) as 0 / 1 floats when conditional] -> z (B, 1).</summary>
    public Tensor Encode(Tensor points, Tensor? labels = null) => Encoder.Forward(WithLabel(points, labels));

    /// <summary>z (B, 1) [and labels (B, 1) when conditional] -> points (B, 2).</summary>
    public Tensor Decode(Tensor z, Tensor? labels = null) => Decoder.Forward(WithLabel(z, labels));

    /// <summary>The unconditional model's reconstruction; the conditional one needs Forward(points, labels).</summary>
    public override Tensor Forward(Tensor input) => Forward(input, null);

    /// <summary>points (B, 2), labels (B, 1) or null -> reconstructions (B, 2).</summary>
    public Tensor Forward(Tensor points, Tensor? labels) => Decode(Encode(points, labels), labels);

    /// <summary>MSE over both coordinates of every point, mean (as nn.MSELoss).</summary>
    public static Tensor Loss(Tensor reconstruction, Tensor target) => F.MseLoss(reconstruction, target);

    /// <summary>x (B, D) -> x ⊕ labels (B, D + 1) for the conditional model; x itself for the unconditional one.</summary>
    private Tensor WithLabel(Tensor x, Tensor? labels)
    {
        if (!Conditional)
        {
            return labels is null ? x : throw new ArgumentException("The unconditional toy autoencoder takes no labels; pass null.");
        }
        if (labels is null || labels.Rank != 2 || labels.Shape[1] != 1 || labels.Shape[0] != x.Shape[0])
        {
            throw new ArgumentException(
                $"The conditional toy autoencoder needs labels of shape ({x.Shape[0]}, 1) beside its input {x.Shape}; got {labels?.Shape.ToString() ?? "none"}.");
        }
        return Tensor.Concat(1, x, labels);
    }
}
