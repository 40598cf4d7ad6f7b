// 2-D convolution layer (PyTorch nn.Conv2d, square kernel): weight (K, C, R, R), bias (K); (N, C, H, W) -> (N, K, P, Q).
namespace Engine.Nn;

/// <summary>2-D convolution with a square kernel (PyTorch nn.Conv2d): (N, C, H, W) -&gt; (N, K, P, Q).</summary>
public sealed class Conv2d : Module
{
    /// <summary>A convolution from <paramref name="inChannels"/> to <paramref name="outChannels"/> with a square kernel, initialised as PyTorch does.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, bool bias = true,
        Generator? generator = null)
    {
        (InChannels, OutChannels, KernelSize, Stride, Padding) = (inChannels, outChannels, kernelSize, stride, padding);
        var shape = new Shape(outChannels, inChannels, kernelSize, kernelSize);
        Weight = AddParameter("weight", Init.KaimingUniformDefault(shape, generator));
        Bias = bias ? AddParameter("bias", Init.BiasUniform(outChannels, shape, generator)) : null;
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    public int Stride { get; }

    public int Padding { get; }

    public Parameter Weight { get; }   // (K, C, R, R)

    public Parameter? Bias { get; }    // (K)

    /// <summary>Output height or width for an input of size <paramref name="size"/>.</summary>
    public int OutputSize(int size) => (size + 2 * Padding - KernelSize) / Stride + 1;

    /// <summary>(N, C, H, W) -&gt; (N, K, P, Q).</summary>
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias?.Value, Stride, Padding);
}
