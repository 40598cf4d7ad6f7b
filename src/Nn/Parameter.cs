// A trainable tensor of a module (a weight or a bias): its value requires gradients.
namespace Engine.Nn;

/// <summary>A trainable tensor of a module (a weight or a bias); its value requires gradients.</summary>
public sealed class Parameter
{
    private Tensor _value;

    /// <summary>Wraps <paramref name="value"/> as a trainable parameter (it will require gradients).</summary>
    public Parameter(Tensor value)
    {
        _value = value;
        _value.RequiresGrad = true;
    }

    /// <summary>The current values; replaced (not mutated) when the module moves to another backend.</summary>
    public Tensor Value
    {
        get => _value;
        set
        {
            if (value.Shape != _value.Shape)
            {
                throw new ArgumentException($"A parameter of shape {_value.Shape} cannot take a value of shape {value.Shape}.");
            }
            _value = value;
            _value.RequiresGrad = true;
        }
    }

    /// <summary>The accumulated gradient, null before the first Backward.</summary>
    public Tensor? Grad => _value.Grad;

    /// <summary>The value's shape.</summary>
    public Shape Shape => _value.Shape;

    public static implicit operator Tensor(Parameter parameter) => parameter._value;
}
