// Heatmaps: a (H, W) float map coloured through a colormap (viridis by default), each value scaled
// from [min, max] to [0, 1]; several maps can share one range so they compare side by side.
namespace Engine.Imaging;

/// <summary>Colours (H, W) float maps through a colormap (viridis by default); several maps can share one range.</summary>
public static class Heatmap
{
    /// <summary>
    /// Colours a row-major (height, width) map. min/max default to the map's own range;
    /// a constant map is drawn at the bottom colour. NaN is drawn at the bottom colour too.
    /// </summary>
    public static Image Render(ReadOnlySpan<float> values, int width, int height,
        float? min = null, float? max = null, Colormap? colormap = null)
    {
        if (values.Length != width * height)
        {
            throw new ArgumentException($"Expected {width}x{height} = {width * height} values, got {values.Length}.", nameof(values));
        }
        (float low, float high) = (min ?? Min(values), max ?? Max(values));
        colormap ??= Colormap.Viridis;
        float range = high > low ? high - low : 1f;
        var image = new Image(width, height, 3);
        for (int i = 0; i < values.Length; i++)
        {
            Rgb c = colormap.Map((values[i] - low) / range);
            image.Pixels[i * 3] = c.R;
            image.Pixels[i * 3 + 1] = c.G;
            image.Pixels[i * 3 + 2] = c.B;
        }
        return image;
    }

    /// <summary>Colours several maps on one shared range (the smallest and largest value over all of them).</summary>
    public static Image[] RenderShared(IReadOnlyList<float[]> maps, int width, int height, Colormap? colormap = null)
    {
        float low = maps.Min(m => Min(m));
        float high = maps.Max(m => Max(m));
        return maps.Select(m => Render(m, width, height, low, high, colormap)).ToArray();
    }

    /// <summary>A horizontal colour bar (low on the left), e.g. to place under a row of heatmaps.</summary>
    public static Image ColorBar(int width, int height, Colormap? colormap = null)
    {
        colormap ??= Colormap.Viridis;
        var image = new Image(width, height, 3);
        for (int x = 0; x < width; x++)
        {
            image.FillRectangle(x, 0, 1, height, colormap.Map(width == 1 ? 0f : x / (float)(width - 1)));
        }
        return image;
    }

    private static float Min(ReadOnlySpan<float> values)
    {
        float min = float.PositiveInfinity;
        foreach (float v in values)
        {
            min = float.IsNaN(v) ? min : Math.Min(min, v);
        }
        return float.IsInfinity(min) ? 0f : min;
    }

    private static float Max(ReadOnlySpan<float> values)
    {
        float max = float.NegativeInfinity;
        foreach (float v in values)
        {
            max = float.IsNaN(v) ? max : Math.Max(max, v);
        }
        return float.IsInfinity(max) ? 0f : max;
    }
}
