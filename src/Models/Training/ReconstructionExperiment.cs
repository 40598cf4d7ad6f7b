// The part-1 experiments (AE, denoising AE, sparse AEs, VAE): the network sees an input made from the batch (the denoising
// AE corrupts it) and is scored against the clean batch. `eval --noise` scores any of them on a noisy test set.
// B = batch, C = channels, H, W = height, width.
namespace Engine.Models.Training;

using Engine.Nn.Data;

public abstract class ReconstructionExperiment(RunConfig config) : Experiment(config)
{
    /// <summary>The network input for a batch (B, C, H, W) (the denoising AE corrupts it); the target is the clean batch.</summary>
    public virtual Tensor Input(Tensor clean, Batch batch, bool training) => clean;

    /// <summary>The loss terms of the network's output for <paramref name="input"/> against <paramref name="target"/>.</summary>
    public abstract LossTerms Loss(Tensor input, Tensor target, bool training);

    public override LossTerms Loss(TrainingBatch batch, bool training) =>
        Loss(Input(batch.Items, batch.Source, training), batch.Items, training);
}
