// Activation layers (PyTorch nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh): no parameters.
namespace Engine.Nn;

/// <summary>max(x, 0), as PyTorch's nn.ReLU.</summary>
public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

/// <summary>x &gt; 0 ? x : slope * x, as PyTorch's nn.LeakyReLU.</summary>
public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    public float NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}

/// <summary>1 / (1 + e^-x), as PyTorch's nn.Sigmoid.</summary>
public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

/// <summary>tanh(x), as PyTorch's nn.Tanh.</summary>
public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
