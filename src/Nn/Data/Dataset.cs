// An in-memory labelled image set: images [N, 1, H, W] row-major floats in [0, 1], labels [N] ints.
// N = number of images, H, W = height, width in pixels.
namespace Engine.Nn.Data;

/// <summary>An in-memory labelled image set: images [N, 1, H, W] as row-major floats in [0, 1], labels [N].</summary>
public sealed class Dataset
{
    /// <summary>A dataset over <paramref name="images"/> [N, 1, H, W] in [0, 1] and <paramref name="labels"/> [N] (taken, not copied).</summary>
    public Dataset(float[] images, int[] labels, int height, int width, IReadOnlyList<string> classNames)
    {
        if (height <= 0 || width <= 0)
        {
            throw new ArgumentException($"Image size {height} x {width} is invalid; height and width must be positive.");
        }
        if (images.Length != (long)labels.Length * height * width)
        {
            throw new ArgumentException(
                $"{labels.Length} labels need {(long)labels.Length * height * width} pixels of {height} x {width} images, " +
                $"but {images.Length} were given; images and labels must describe the same number of items.");
        }
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] < 0 || labels[i] >= classNames.Count)
            {
                throw new ArgumentException(
                    $"Label {labels[i]} at index {i} is outside 0..{classNames.Count - 1} (the {classNames.Count} class names given).");
            }
        }
        Images = images;
        Labels = labels;
        Height = height;
        Width = width;
        ClassNames = classNames;
        _itemShape = [1, height, width];
    }

    private int[] _itemShape;

    /// <summary>
    /// The shape of one item: (1, H, W) for images (the default), (2) for the toy's 2-D points; its elements number H * W.
    /// A training batch is a tensor (B, item shape).
    /// </summary>
    public IReadOnlyList<int> ItemShape
    {
        get => _itemShape;
        init => _itemShape = value.Aggregate(1L, (a, d) => a * d) == (long)Height * Width && value.All(d => d > 0) ? value.ToArray()
            : throw new ArgumentException($"Item shape ({string.Join(", ", value)}) does not hold the {Height * Width} values of an item.");
    }

    public float[] Images { get; }           // [N, 1, H, W]
    public int[] Labels { get; }             // [N]
    /// <summary>Number of images N.</summary>
    public int Count => Labels.Length;
    public int Height { get; }
    public int Width { get; }
    public int PixelsPerImage => Height * Width;
    public IReadOnlyList<string> ClassNames { get; }
    public int ClassCount => ClassNames.Count;

    /// <summary>Image <paramref name="index"/> as a [H, W] view.</summary>
    public ReadOnlySpan<float> Image(int index) => Images.AsSpan(index * PixelsPerImage, PixelsPerImage);

    /// <summary>A copy of items [start, start + count).</summary>
    public Dataset Slice(int start, int count)
    {
        if (start < 0 || count < 0 || start + count > Count)
        {
            throw new ArgumentOutOfRangeException(nameof(start),
                $"Slice({start}, {count}) is outside the dataset's {Count} items; need 0 <= start and start + count <= {Count}.");
        }
        return new Dataset(
            Images.AsSpan(start * PixelsPerImage, count * PixelsPerImage).ToArray(),
            Labels.AsSpan(start, count).ToArray(),
            Height, Width, ClassNames) { ItemShape = _itemShape };
    }

    public override string ToString() => $"{Count} images of {Height} x {Width}, {ClassCount} classes";
}
