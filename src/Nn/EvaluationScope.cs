// using (model.Evaluating()) { ... }: the model in evaluation mode (running statistics, no dropout) and no graph recorded,
// then the mode it had before, however the block ends. Every evaluation, figure and sampling pass runs inside one.
namespace Engine.Nn;

using Engine.Autograd;

/// <summary>Evaluation mode and no graph until disposed, then the module's previous mode: <c>using (model.Evaluating()) { ... }</c>.</summary>
public sealed class EvaluationScope : IDisposable
{
    private readonly Module _module;
    private readonly bool _wasTraining;
    private readonly NoGrad _noGrad;
    private bool _disposed;

    internal EvaluationScope(Module module)
    {
        (_module, _wasTraining) = (module, module.Training);
        module.Eval();
        _noGrad = NoGrad.Scope();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _noGrad.Dispose();
        _module.Train(_wasTraining);
    }
}
