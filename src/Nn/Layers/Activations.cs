// Activation layers (PyTorch nn.ReLU, nn.LeakyReLU, nn.Sigmoid, nn.Tanh): no parameters.
namespace Engine.Nn;

public sealed class ReLU : Module
{
    public override Tensor Forward(Tensor input) => input.Relu();
}

public sealed class LeakyReLU(float negativeSlope = 0.01f) : Module
{
    public float NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor input) => input.LeakyRelu(NegativeSlope);
}

public sealed class Sigmoid : Module
{
    public override Tensor Forward(Tensor input) => input.Sigmoid();
}

public sealed class Tanh : Module
{
    public override Tensor Forward(Tensor input) => input.Tanh();
}
