// Adam (Kingma & Ba 2015) with PyTorch's update and L2 weight decay (torch.optim.Adam, not AdamW):
//   g = grad + wd p;  m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;
//   p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
namespace Engine.Nn;

/// <summary>Adam with PyTorch's update and L2 weight decay (torch.optim.Adam, not AdamW).</summary>
public sealed class Adam : Optimizer
{
    private readonly Tensor?[] _m, _v;   // first and second moments, like each parameter

    /// <summary>Adam over <paramref name="parameters"/> with PyTorch's defaults (lr 1e-3, betas 0.9 and 0.999, eps 1e-8, no weight decay).</summary>
    public Adam(IEnumerable<Parameter> parameters, float learningRate = 1e-3f, float beta1 = 0.9f, float beta2 = 0.999f,
        float eps = 1e-8f, float weightDecay = 0f)
        : base(parameters, learningRate)
    {
        (Beta1, Beta2, Eps, WeightDecay) = (beta1, beta2, eps, weightDecay);
        _m = new Tensor?[Parameters.Count];
        _v = new Tensor?[Parameters.Count];
    }

    public float Beta1 { get; }

    public float Beta2 { get; }

    public float Eps { get; }

    public float WeightDecay { get; }

    protected override void Update(int index, Tensor param, Tensor grad)
    {
        var m = _m[index] ??= Tensor.Zeros(param.Shape, param.Backend);
        var v = _v[index] ??= Tensor.Zeros(param.Shape, param.Backend);
        param.Backend.AdamStep(grad.Buffer, param.Count, LearningRate, Beta1, Beta2, Eps, WeightDecay, StepCount,
            param.Buffer, m.Buffer, v.Buffer);
    }

    public override IEnumerable<(string Name, Tensor State)> StateTensors()
    {
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i].Value;
            using (Engine.Memory.TensorScope.Suspend())
            {
                _m[i] ??= Tensor.Zeros(p.Shape, p.Backend);
                _v[i] ??= Tensor.Zeros(p.Shape, p.Backend);
            }
            yield return ($"{i}.exp_avg", _m[i]!);
            yield return ($"{i}.exp_avg_sq", _v[i]!);
        }
    }
}
