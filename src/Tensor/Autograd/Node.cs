// One recorded operation on the tape: its inputs and, in each subclass, what its backward needs.
namespace Engine.Autograd;

/// <summary>One recorded operation on the autograd tape: its inputs and, in each subclass, what its backward needs.</summary>
public abstract class Node
{
    protected Node(params Tensor[] inputs) => Inputs = inputs;

    /// <summary>The tensors this operation read, in order.</summary>
    public Tensor[] Inputs { get; }

    /// <summary>A short name for error messages and graph dumps.</summary>
    public virtual string Name => GetType().Name.Replace("Node", "");

    /// <summary>
    /// The local backward: from dOutput (the gradient of the loss w.r.t. this op's output) return one
    /// fresh gradient tensor per input, in <see cref="Inputs"/> order (null where an input needs none).
    /// Each returned tensor is new (never <paramref name="dOutput"/> itself); the graph accumulates them.
    /// </summary>
    public abstract Tensor?[] Backward(Tensor dOutput);

    /// <summary>Whether input <paramref name="index"/> wants a gradient.</summary>
    protected bool Needs(int index) => Inputs[index].RequiresGrad;
}
