// Dropout (PyTorch nn.Dropout): in training mode each value is zeroed with probability p and the survivors are scaled by
// 1 / (1 - p) (inverted dropout, so evaluation needs no rescaling); in evaluation mode the identity. No parameters.
namespace Engine.Nn;

/// <summary>Inverted dropout in training mode, identity in evaluation mode.</summary>
public sealed class Dropout(float p = 0.5f, Generator? generator = null) : Module
{
    public float P { get; } = p;

    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training, generator);
}
