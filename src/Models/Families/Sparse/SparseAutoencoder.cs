// The sparse autoencoder (course part 1): the notebook's networks with a wide code (Z = 900 = 30 x 30 by default) whose units
// are pushed to stay mostly inactive by a penalty on their activations a = Activate(z), which maps each code unit:
//   L1 (engine): a = 2 (sigmoid(|z|) - 0.5) in [0, 1)   MeanAbs (notebook): a = |z|   KL (engine): a = sigmoid(z) in (0, 1).
// B = batch, Z = latent size.
namespace Engine.Models;

using F = Engine.Functional;

/// <summary>Which sparsity penalty the model is trained with.</summary>
public enum SparsityPenalty
{
    /// <summary>penalty = (1 / B) sum_b sum_j a_bj: an L1 norm of the [0, 1)-mapped code, averaged over the batch.</summary>
    L1,

    /// <summary>penalty = sum_j KL(rho || rho_hat_j), rho_hat_j = (1 / B) sum_b a_bj: each unit's mean activation pulled to rho.</summary>
    Kl,

    /// <summary>penalty = (1 / (B Z)) sum_b sum_j |z_bj|: the notebook's F.l1_loss(z, 0), a mean over every value of the raw code.</summary>
    MeanAbs,
}

/// <summary>The sparse autoencoder: the notebook's networks with a wide code whose activations an L1 or KL penalty keeps mostly inactive.</summary>
public sealed class SparseAutoencoder : Module, ICourseAutoencoder
{
    public SparseAutoencoder(int latent, ImageShape image, SparsityPenalty penalty)
    {
        Latent = latent;
        Image = image;
        Penalty = penalty;
        Encoder = Add("encoder", new CourseEncoder(image, latent));
        Decoder = Add("decoder", new CourseDecoder(latent, image));
    }

    public int Latent { get; }

    public ImageShape Image { get; }

    public SparsityPenalty Penalty { get; }

    public CourseEncoder Encoder { get; }

    public CourseDecoder Decoder { get; }

    /// <summary>(B, C, H, W) -> z (B, Z), the raw code the decoder reads.</summary>
    public Tensor Encode(Tensor x) => Encoder.Forward(x);

    /// <summary>(B, Z) -> (B, C, H, W).</summary>
    public Tensor Decode(Tensor z) => Decoder.Forward(z);

    public override Tensor Forward(Tensor input) => Decode(Encode(input));

    /// <summary>The activations the penalty sees, (B, Z) -> (B, Z): 2 (sigmoid(|z|) - 0.5) for L1, |z| for MeanAbs, sigmoid(z) for KL.</summary>
    public Tensor Activate(Tensor z) => Penalty switch
    {
        SparsityPenalty.L1 => z.Abs().Sigmoid().Affine(2f, -1f),
        SparsityPenalty.MeanAbs => z.Abs(),
        _ => z.Sigmoid(),
    };

    /// <summary>How <see cref="Activate"/> maps a code value, for captions.</summary>
    public string Mapping => Penalty switch { SparsityPenalty.L1 => "2 (sigmoid(|z|) - 0.5)", SparsityPenalty.MeanAbs => "|z|", _ => "sigmoid(z)" };

    /// <summary>
    /// The sparsity penalty of a batch of codes z (B, Z):
    ///   L1:      (1 / B) sum_b sum_j a_bj                   (a >= 0, so this is the batch-mean L1 norm of a)
    ///   KL:      sum_j [rho ln(rho / rho_hat_j) + (1 - rho) ln((1 - rho) / (1 - rho_hat_j))],  rho_hat = mean_b a (Z)
    ///   MeanAbs: (1 / (B Z)) sum_b sum_j |z_bj|             (the notebook's F.l1_loss(z, zeros): Z times weaker than L1's sum)
    /// L1 and KL sum over the Z units and average over the batch, so one beta suits either.
    /// </summary>
    public Tensor Sparsity(Tensor z, float rho)
    {
        var a = Activate(z);                                           // (B, Z)
        return Penalty switch
        {
            SparsityPenalty.L1 => a.Sum() * (1f / z.Shape[0]),
            SparsityPenalty.MeanAbs => a.Mean(),
            _ => F.SparsityKl(a.Mean(0), rho),
        };
    }

    /// <summary>The loss terms: reconstruction BCE(x_hat, x), the sparsity penalty, and total = bce + beta * sparsity.</summary>
    public (Tensor Total, Tensor Reconstruction, Tensor Sparsity) Loss(
        Tensor reconstruction, Tensor target, Tensor z, float beta, float rho, Reduction reconstructionReduction = Reduction.Mean)
    {
        var bce = F.BinaryCrossEntropy(reconstruction, target, reconstructionReduction);
        var sparsity = Sparsity(z, rho);
        return (bce + sparsity * beta, bce, sparsity);
    }
}
