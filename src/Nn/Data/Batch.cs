// One mini-batch of host arrays, as yielded by BatchLoader. B = items in this batch, H, W = image height, width.
// The loader reuses these arrays for the next batch of the same size: copy anything you need to keep.
namespace Engine.Nn.Data;

/// <summary>One mini-batch of host arrays from a <see cref="BatchLoader"/>; its arrays are reused by the next batch of the same size.</summary>
public sealed class Batch
{
    internal Batch(int capacity, int pixelsPerImage)
    {
        Images = new float[capacity * pixelsPerImage];
        Labels = new int[capacity];
        Indices = new int[capacity];
    }

    public float[] Images { get; }   // [B, 1, H, W]; its length is exactly Count * H * W
    public int[] Labels { get; }     // [B]
    public int[] Indices { get; }    // [B] dataset index of each item
    /// <summary>Items in this batch (the last batch of an epoch may be smaller).</summary>
    public int Count => Labels.Length;

    /// <summary>The epoch this batch belongs to.</summary>
    public int Epoch { get; internal set; }

    /// <summary>Position of this batch within its epoch (0-based): resume with BatchLoader.Epoch(Epoch, Index + 1).</summary>
    public int Index { get; internal set; }
}
