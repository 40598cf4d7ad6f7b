// Modules applied in order (PyTorch nn.Sequential); children are named "0", "1", ... so state-dict names match.
namespace Engine.Nn;

/// <summary>Modules applied in order (PyTorch nn.Sequential); children are named "0", "1", ... so state-dict names match.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];

    /// <summary>The layers, applied in this order and named "0", "1", ...</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) Append(layer);
    }

    public int Count => _layers.Count;

    public Module this[int index] => _layers[index];

    /// <summary>Adds a layer at the end (named by its position); returns this.</summary>
    public Sequential Append(Module layer)
    {
        Add(_layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        return this;
    }

    /// <summary>
    /// Applies every layer in order. A batch-norm layer followed by a LeakyReLU (slope >= 0) runs as one
    /// (BatchNorm.ForwardLeakyRelu): the same numbers in one pass each way, and no tensor in between.
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        for (int i = 0; i < _layers.Count; i++)
        {
            if (_layers[i] is BatchNorm norm && i + 1 < _layers.Count && _layers[i + 1] is LeakyReLU { NegativeSlope: >= 0f } activation)
            {
                x = norm.ForwardLeakyRelu(x, activation.NegativeSlope);
                i++;
                continue;
            }
            x = _layers[i].Forward(x);
        }
        return x;
    }
}
