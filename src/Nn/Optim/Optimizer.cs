// The base of the optimizers: a list of parameters (any subset of a model: parameter groups), a learning rate,
// ZeroGrad and Step. Parameters without a gradient after Backward are skipped, as in PyTorch.
namespace Engine.Nn;

using Engine.Memory;

/// <summary>The base of the optimizers: parameters (any subset of a model), a learning rate, <see cref="ZeroGrad"/> and <see cref="Step"/>.</summary>
public abstract class Optimizer
{
    protected Optimizer(IEnumerable<Parameter> parameters, float learningRate)
    {
        Parameters = parameters.ToArray();
        if (Parameters.Count == 0)
        {
            throw new ArgumentException("The optimizer got no parameters.");
        }
        if (!(learningRate >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), $"Learning rate must be non-negative; got {learningRate}.");
        }
        LearningRate = learningRate;
    }

    /// <summary>The parameters this optimizer updates.</summary>
    public IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>The learning rate of the next Step (schedulers change it).</summary>
    public float LearningRate { get; set; }

    /// <summary>Number of Step() calls so far (Adam's t).</summary>
    public int StepCount { get; set; }

    /// <summary>Clears the gradients of this optimizer's parameters: step 1 of the training step.</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters) p.Value.ZeroGrad();
    }

    /// <summary>Updates every parameter that has a gradient: step 5 of the training step.</summary>
    public void Step()
    {
        StepCount++;
        using var persistent = TensorScope.Suspend();
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (p.Grad is { } grad)
            {
                Update(i, p.Value, grad);
            }
        }
    }

    /// <summary>Updates one parameter in place from its gradient.</summary>
    protected abstract void Update(int index, Tensor param, Tensor grad);

    /// <summary>The optimizer's per-parameter state, named "{index}.{name}" (for checkpoints that resume exactly).</summary>
    public abstract IEnumerable<(string Name, Tensor State)> StateTensors();
}
