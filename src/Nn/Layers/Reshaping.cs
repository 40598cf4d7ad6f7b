// Shape layers (PyTorch nn.Flatten, nn.Unflatten): no parameters.
namespace Engine.Nn;

/// <summary>(B, ...) -> (B, D).</summary>
public sealed class Flatten : Module
{
    public override Tensor Forward(Tensor input) => input.Flatten();
}

/// <summary>(B, D) -> (B, dims...), e.g. (B, 512) -> (B, 512, 1, 1).</summary>
public sealed class Unflatten(params int[] dims) : Module
{
    public int[] Dims { get; } = dims;

    public override Tensor Forward(Tensor input) => input.Reshape([input.Shape[0], .. Dims]);
}
