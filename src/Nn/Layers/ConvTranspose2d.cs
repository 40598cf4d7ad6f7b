// Transposed 2-D convolution layer (PyTorch nn.ConvTranspose2d, square kernel): weight (Ci, Co, R, R), bias (Co);
// (N, Ci, H, W) -> (N, Co, H', W') with H' = (H - 1) * stride - 2 * padding + R + outputPadding.
namespace Engine.Nn;

/// <summary>Transposed 2-D convolution with a square kernel (PyTorch nn.ConvTranspose2d), weight (Ci, Co, R, R).</summary>
public sealed class ConvTranspose2d : Module
{
    public ConvTranspose2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0,
        int outputPadding = 0, bool bias = true, Generator? generator = null)
    {
        (InChannels, OutChannels, KernelSize, Stride, Padding, OutputPadding) =
            (inChannels, outChannels, kernelSize, stride, padding, outputPadding);
        var shape = new Shape(inChannels, outChannels, kernelSize, kernelSize);
        Weight = AddParameter("weight", Init.KaimingUniformDefault(shape, generator));
        Bias = bias ? AddParameter("bias", Init.BiasUniform(outChannels, shape, generator)) : null;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public int OutputPadding { get; }

    public Parameter Weight { get; }   // (Ci, Co, R, R)

    public Parameter? Bias { get; }    // (Co)

    public int OutputSize(int size) => (size - 1) * Stride - 2 * Padding + KernelSize + OutputPadding;

    public override Tensor Forward(Tensor input) =>
        Functional.ConvTranspose2d(input, Weight, Bias?.Value, Stride, Padding, OutputPadding);
}
