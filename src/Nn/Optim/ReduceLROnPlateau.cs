// Lowers the learning rate when a metric stops improving (torch.optim.lr_scheduler.ReduceLROnPlateau, mode "min",
// relative threshold): after more than `patience` epochs without improvement, lr = max(lr * factor, minLr), then
// `cooldown` epochs pass before counting again.
namespace Engine.Nn;

/// <summary>Lowers an optimizer's learning rate when a metric stops improving (torch.optim.lr_scheduler.ReduceLROnPlateau, mode "min").</summary>
public sealed class ReduceLROnPlateau
{
    private readonly Optimizer _optimizer;
    private int _badEpochs;      // epochs in a row without improvement
    private int _cooldownLeft;   // epochs before counting again

    public ReduceLROnPlateau(Optimizer optimizer, float factor = 0.1f, int patience = 10, float threshold = 1e-4f,
        int cooldown = 0, float minLr = 0f)
    {
        if (!(factor > 0f && factor < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(factor), $"Factor must be in (0, 1); got {factor}.");
        }
        _optimizer = optimizer;
        (Factor, Patience, Threshold, Cooldown, MinLr) = (factor, patience, threshold, cooldown, minLr);
    }

    public float Factor { get; }

    public int Patience { get; }

    public float Threshold { get; }

    public int Cooldown { get; }

    public float MinLr { get; }

    public float Best { get; private set; } = float.PositiveInfinity;

    /// <summary>The scheduler's whole state (best metric, bad epochs, cooldown left), for checkpoints that resume exactly.</summary>
    public (float Best, int BadEpochs, int CooldownLeft) State
    {
        get => (Best, _badEpochs, _cooldownLeft);
        set => (Best, _badEpochs, _cooldownLeft) = value;
    }

    /// <summary>Records one epoch's metric; returns true when it lowered the learning rate.</summary>
    public bool Step(float metric)
    {
        if (metric < Best * (1f - Threshold))
        {
            Best = metric;
            _badEpochs = 0;
        }
        else
        {
            _badEpochs++;
        }
        if (_cooldownLeft > 0)
        {
            _cooldownLeft--;
            _badEpochs = 0;
        }
        if (_badEpochs > Patience)
        {
            float lowered = MathF.Max(_optimizer.LearningRate * Factor, MinLr);
            bool changed = _optimizer.LearningRate - lowered > 1e-8f;     // PyTorch's eps: a smaller change is not made
            if (changed) _optimizer.LearningRate = lowered;
            _cooldownLeft = Cooldown;
            _badEpochs = 0;
            return changed;
        }
        return false;
    }
}
