// Shape layers (PyTorch nn.Flatten, nn.Unflatten) and dropout (nn.Dropout): no parameters.
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

    public override Tensor Forward(Tensor input) => input.Reshape([input[0], .. Dims]);
}

/// <summary>Inverted dropout in training mode, identity in evaluation mode.</summary>
public sealed class Dropout(float p = 0.5f, Generator? generator = null) : Module
{
    public float P { get; } = p;

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, generator);
}
