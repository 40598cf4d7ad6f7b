// The adversarial autoencoders' discriminator (the course's): a small MLP that reads a code (or any vector of width I)
// and says how likely it is to come from the prior rather than from the encoder:
//   layers = Sequential(0: Linear(I, 512), 1: BatchNorm1d(512), 2: LeakyReLU(0.2),
//                       3: Linear(512, 256), 4: BatchNorm1d(256), 5: LeakyReLU(0.2),
//                       6: Linear(256, 1), 7: Sigmoid)            -> D(z) in (0, 1), 1 = "drawn from the prior".
// Each BatchNorm1d + LeakyReLU pair is one BatchNormLeakyRelu1d taking both positions (1-2, 4-5), so the names are these.
// Its loss, prior samples z_p labelled 1 against encoder codes z_e labelled 0:
//   L_D = BCE(D(z_p), 1) + BCE(D(z_e), 0) = -mean log D(z_p) - mean log(1 - D(z_e)).
// B = batch, I = input width.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class Discriminator : Module
{
    public const int Hidden1 = 512, Hidden2 = 256;
    public const float Slope = 0.2f;

    public Discriminator(int inputs)
    {
        if (inputs <= 0) throw new ArgumentOutOfRangeException(nameof(inputs), $"A discriminator needs a positive input width; got {inputs}.");
        Inputs = inputs;
        Layers = Add("layers", Mlp(inputs, 1));
        Layers.Append(new Sigmoid());
    }

    /// <summary>The discriminator's body without its Sigmoid, to <paramref name="outputs"/> values (the label predictor's logits).</summary>
    public static Sequential Mlp(int inputs, int outputs, Generator? generator = null) => new Sequential()
        .Append(new Linear(inputs, Hidden1, generator: generator)).Append(new BatchNormLeakyRelu1d(Hidden1, Slope), positions: 2)
        .Append(new Linear(Hidden1, Hidden2, generator: generator)).Append(new BatchNormLeakyRelu1d(Hidden2, Slope), positions: 2)
        .Append(new Linear(Hidden2, outputs, generator: generator));

    public int Inputs { get; }

    /// <summary>The child "layers": Linear, BatchNorm1d + LeakyReLU twice, then Linear(256, 1) and Sigmoid.</summary>
    public Sequential Layers { get; }

    /// <summary>(B, I) -> D(z) (B, 1) in (0, 1): the probability that each row was drawn from the prior.</summary>
    public override Tensor Forward(Tensor input)
    {
        if (input.Rank != 2 || input.Shape[1] != Inputs)
        {
            throw new ArgumentException($"The discriminator reads (B, {Inputs}) codes; got {input.Shape}.");
        }
        return Layers.Forward(input);
    }

    /// <summary>BCE(p, t) with every target t = <paramref name="target"/> (1: "from the prior", 0: "from the encoder"), mean over rows.</summary>
    public static Tensor Bce(Tensor probabilities, float target) =>
        F.BinaryCrossEntropy(probabilities, Tensor.Full(probabilities.Shape, target, probabilities.Backend));

    /// <summary>
    /// D over the rows [z_p; z] in one pass, split back into D(z_p) (P, 1) and D(z) (B, 1). One pass, not two: in training
    /// mode batch norm then sees both kinds of codes together, so a shift or a scale of the codes against the prior stays
    /// visible to it (a pass over the codes alone would normalise exactly that away). The generator's phase and the
    /// discriminator's phase both judge this way, so D scores the codes in the same company it learned them in.
    /// </summary>
    public (Tensor Prior, Tensor Codes) Judge(Tensor priorSamples, Tensor codes)
    {
        var all = Forward(Tensor.Concat(0, priorSamples, codes));                       // (P + B, 1)
        return (all.Slice(0, 0, priorSamples.Shape[0]), all.Slice(0, priorSamples.Shape[0], codes.Shape[0]));
    }

    /// <summary>L_D = BCE(D(z_p), 1) + BCE(D(z), 0), each a mean over its own rows, so both sides weigh the same however many prior samples there are.</summary>
    public static Tensor Loss(Tensor dOfPrior, Tensor dOfCodes) => Bce(dOfPrior, 1f) + Bce(dOfCodes, 0f);
}
