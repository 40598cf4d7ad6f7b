// The base of every layer and model: named children, parameters and buffers registered explicitly (no reflection),
// train/eval mode, gradient reset, and state-dict names exactly as PyTorch forms them ("encoder.0.1.running_mean").
namespace Engine.Nn;

using Engine.Memory;

/// <summary>The base of every layer and model: named children, parameters and buffers, train/eval mode, and state-dict names exactly as PyTorch forms them.</summary>
public abstract class Module
{
    private readonly List<(string Name, Module Module)> _children = [];
    private readonly List<(string Name, Parameter Parameter)> _parameters = [];
    private readonly List<(string Name, StateBuffer Buffer)> _buffers = [];

    /// <summary>True in training mode (batch-norm uses batch statistics, dropout drops).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Computes the module's output (recording the graph unless inside NoGrad).</summary>
    public abstract Tensor Forward(Tensor input);

    /// <summary>Sets training mode (batch-norm uses batch statistics, dropout drops) on this module and its children.</summary>
    public Module Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in _children) child.Train(training);
        return this;
    }

    /// <summary>Sets evaluation mode (running statistics, no dropout) on this module and its children.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// Evaluation mode without a graph until the scope is disposed, then the mode the module had:
    /// <c>using (model.Evaluating()) { ... }</c> for evaluation, figures and sampling.
    /// </summary>
    public EvaluationScope Evaluating() => new(this);

    /// <summary>The direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> Children() => _children;

    /// <summary>Every parameter of this module and its descendants, with its dotted name.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, parameter) in _parameters) yield return (prefix + name, parameter);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + "."))
                yield return item;
    }

    /// <summary>Every trainable parameter of this module and its children (what an optimizer takes).</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    /// <summary>Parameters and buffers in PyTorch's state_dict order: own parameters, own buffers, then each child.</summary>
    public IEnumerable<(string Name, StateEntry Entry)> StateDict(string prefix = "")
    {
        foreach (var (name, parameter) in _parameters) yield return (prefix + name, new StateEntry(parameter, null));
        foreach (var (name, buffer) in _buffers) yield return (prefix + name, new StateEntry(null, buffer));
        foreach (var (name, child) in _children)
            foreach (var item in child.StateDict(prefix + name + "."))
                yield return item;
    }

    /// <summary>Clears the gradients of every parameter.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters()) parameter.Value.ZeroGrad();
    }

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount() => Parameters().Sum(p => (long)p.Shape.Count);

    /// <summary>Moves every parameter and buffer to <paramref name="backend"/> (an explicit copy).</summary>
    public void To(IBackend backend)
    {
        using var persistent = TensorScope.Suspend();
        foreach (var parameter in Parameters())
        {
            var old = parameter.Value;
            parameter.Value = old.To(backend);
            old.Dispose();
        }
        foreach (var (_, buffer) in AllBuffers())
        {
            if (buffer.Values is { } old)
            {
                buffer.Values = old.To(backend);
                old.Dispose();
            }
        }
    }

    protected T Add<T>(string name, T child)
        where T : Module
    {
        CheckName(name);
        _children.Add((name, child));
        return child;
    }

    protected Parameter AddParameter(string name, Tensor value)
    {
        CheckName(name);
        var parameter = new Parameter(TensorScope.Keep(value));
        _parameters.Add((name, parameter));
        return parameter;
    }

    protected StateBuffer AddBuffer(string name, StateBuffer buffer)
    {
        CheckName(name);
        if (buffer.Values is { } values) TensorScope.Keep(values);
        _buffers.Add((name, buffer));
        return buffer;
    }

    private IEnumerable<(string Name, StateBuffer Buffer)> AllBuffers() =>
        _buffers.Concat(_children.SelectMany(c => c.Module.AllBuffers()));

    private void CheckName(string name)
    {
        if (name.Length == 0 || name.Contains('.')
            || _children.Any(c => c.Name == name) || _parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name))
        {
            throw new ArgumentException($"'{name}' is empty, contains a dot, or is already used in {GetType().Name}.");
        }
    }
}

/// <summary>A non-trainable piece of module state: float values (running statistics) or an integer counter.</summary>
public sealed class StateBuffer
{
    public StateBuffer(Tensor values) => Values = values;

    public StateBuffer(long counter) => Counter = counter;

    /// <summary>Float values, or null for an integer counter (PyTorch's int64 num_batches_tracked).</summary>
    public Tensor? Values { get; set; }

    public long Counter { get; set; }

    public bool IsCounter => Values is null;
}

/// <summary>One state-dict entry: a parameter or a buffer.</summary>
public readonly record struct StateEntry(Parameter? Parameter, StateBuffer? Buffer)
{
    /// <summary>The float values, or null for an integer counter.</summary>
    public Tensor? Values => Parameter?.Value ?? Buffer?.Values;
}
