// Modules applied in order (PyTorch nn.Sequential); children are named by position, "0", "1", ..., so state-dict names
// match. Each layer runs as written: a fused pair is a module of its own (BatchNormLeakyRelu), never a rewrite here.
namespace Engine.Nn;

/// <summary>Modules applied in order (PyTorch nn.Sequential); children are named "0", "1", ... so state-dict names match.</summary>
public sealed class Sequential : Module
{
    private readonly List<Module> _layers = [];
    private int _positions;

    /// <summary>The layers, applied in this order and named "0", "1", ...</summary>
    public Sequential(params Module[] layers)
    {
        foreach (var layer in layers) Append(layer);
    }

    /// <summary>The number of layers (a layer that takes two positions counts once).</summary>
    public int Count => _layers.Count;

    /// <summary>The layer at <paramref name="index"/> in order (its name is its first position).</summary>
    public Module this[int index] => _layers[index];

    /// <summary>
    /// Adds a layer at the end, named by its position; returns this. A layer that stands for several of PyTorch's in a
    /// row (BatchNormLeakyRelu: BatchNorm, then LeakyReLU, which holds no state) takes as many <paramref name="positions"/>,
    /// so the layers after it keep PyTorch's names.
    /// </summary>
    public Sequential Append(Module layer, int positions = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(positions, 1);
        Add(_positions.ToString(System.Globalization.CultureInfo.InvariantCulture), layer);
        _layers.Add(layer);
        _positions += positions;
        return this;
    }

    /// <summary>Applies every layer in order.</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in _layers) x = layer.Forward(x);
        return x;
    }
}
