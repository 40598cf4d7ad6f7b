// One course experiment: a model, how a batch becomes (input, target), its loss terms, and its figures.
namespace Engine.Models.Training;

using Engine.Imaging;
using Engine.Nn.Data;

public abstract class Experiment
{
    protected Experiment(RunConfig config) => Config = config;

    public RunConfig Config { get; }

    public abstract Module Model { get; }

    /// <summary>A one-line description for the report.</summary>
    public abstract string Description { get; }

    /// <summary>Random streams the run draws from (saved in the training state so resume is exact).</summary>
    public virtual IReadOnlyList<Generator> Generators => [];

    /// <summary>The network input for a batch (the denoising AE corrupts it); the target is the clean batch.</summary>
    public virtual Tensor Input(Tensor clean, Batch batch, bool training) => clean;

    /// <summary>The names of the loss terms <see cref="Loss"/> returns, in its order (metrics.csv columns).</summary>
    public abstract IReadOnlyList<string> Terms { get; }

    public abstract LossTerms Loss(Tensor input, Tensor target, bool training);

    /// <summary>Writes the experiment's figures into the run folder and adds them to the report.</summary>
    public abstract void WriteFigures(RunFolder run, Dataset test, ReportPage report);
}
