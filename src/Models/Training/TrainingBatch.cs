// What a training step sees: the batch's items as a tensor (B, item shape: (B, C, H, W) images or (B, 2) points), their
// labels, which labels are known (null: all; the semi-supervised AAE sees a few), and the loader's batch they came from.
namespace Engine.Models.Training;

using Engine.Nn.Data;

public sealed record TrainingBatch(Tensor Items, int[] Labels, bool[]? Known, Batch Source)
{
    public int Count => Labels.Length;

    /// <summary>The batch's items in a tensor of shape (B, item shape).</summary>
    public static TrainingBatch From(Batch batch, Dataset data) =>
        new(Tensor.FromArray(batch.Images, new Shape([batch.Count, .. data.ItemShape])), batch.Labels, null, batch);
}
