// The learning rate over a run (--lr-schedule): "constant", the notebook's, or "cosine": before every step each optimizer's
// rate is set to lr_t = lr_0 ½ (1 + cos(π t / T)), t the steps done, T the run's steps, lr_0 the rate it was built
// with; it falls from lr_0 to near 0 at the last step. Shrinking steps settle what swings from epoch to epoch at a
// constant rate (the semi-supervised AAE's accuracy; not the uniform-prior AAE's game, bench/RESULTS.md). A function of
// the step alone, so a resumed run sets the same rates as an uninterrupted one.
namespace Engine.Models.Training;

public static class LearningRateSchedule
{
    public const string Constant = "constant", Cosine = "cosine";

    public static readonly IReadOnlyList<string> Names = [Constant, Cosine];

    /// <summary>lr_t / lr_0 after <paramref name="step"/> of <paramref name="totalSteps"/> steps.</summary>
    public static float Factor(string schedule, long step, long totalSteps) => schedule switch
    {
        Cosine => (float)(0.5 * (1 + Math.Cos(Math.PI * step / Math.Max(totalSteps, 1)))),
        _ => 1f,
    };

    /// <summary>Sets every optimizer of <paramref name="experiment"/> to its rate for the step after <paramref name="step"/> (nothing for constant).</summary>
    public static void Apply(Experiment experiment, long step, long totalSteps)
    {
        string schedule = experiment.Config.LearningRateSchedule;
        if (schedule == Constant) return;
        float factor = Factor(schedule, step, totalSteps);
        foreach (var o in experiment.Optimizers) o.Optimizer.LearningRate = o.BaseRate * factor;
    }
}
