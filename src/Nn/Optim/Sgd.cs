// Stochastic gradient descent with momentum and L2 weight decay (torch.optim.SGD, dampening 0, not Nesterov):
//   g = grad + wd p;  buf = momentum buf + g (buf = g at the first step);  p -= lr (momentum > 0 ? buf : g).
namespace Engine.Nn;

/// <summary>Stochastic gradient descent with momentum and L2 weight decay (torch.optim.SGD, dampening 0, not Nesterov).</summary>
public sealed class Sgd : Optimizer
{
    private readonly Tensor?[] _momentum;   // like each parameter

    /// <summary>SGD over <paramref name="parameters"/>, optionally with momentum and L2 weight decay.</summary>
    public Sgd(IEnumerable<Parameter> parameters, float learningRate, float momentum = 0f, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        (Momentum, WeightDecay) = (momentum, weightDecay);
        _momentum = new Tensor?[Parameters.Count];
    }

    public float Momentum { get; }

    public float WeightDecay { get; }

    protected override void Update(int index, Tensor param, Tensor grad)
    {
        var buffer = _momentum[index] ??= Tensor.Zeros(param.Shape, param.Backend);
        param.Backend.SgdStep(grad.Buffer, param.Count, LearningRate, Momentum, WeightDecay, param.Buffer, buffer.Buffer);
    }

    public override IEnumerable<(string Name, Tensor State)> StateTensors()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Value;
            using (Engine.Memory.TensorScope.Suspend())
            {
                _momentum[i] ??= Tensor.Zeros(p.Shape, p.Backend);
            }
            yield return ($"{i}.momentum_buffer", _momentum[i]!);
        }
    }
}
