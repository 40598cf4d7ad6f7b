// A raster scatter plot, for the frames of an animation (an SVG ScatterPlot cannot go into a GIF): points coloured by
// class (tab10) on fixed bounds given by the caller, so every frame of a sequence shares its axes; an optional outline
// (for example a prior's support) drawn as dark points over them; a caption line in the bitmap font above.
namespace Engine.Imaging;

/// <summary>The fixed data rectangle of a frame: x from XMin to XMax (left to right), y from YMin to YMax (bottom to top).</summary>
public readonly record struct FrameBounds(double XMin, double XMax, double YMin, double YMax);

public static class ScatterFrame
{
    private const int Margin = 6;
    private static readonly Rgb s_frame = new(120, 120, 120), s_axis = new(225, 225, 225), s_outline = new(20, 20, 20);

    /// <summary>
    /// A <paramref name="size"/> x <paramref name="size"/> plot area under a caption: point i at (xs[i], ys[i]) as a 2 x 2
    /// square of colour tab10[labels[i]] (points outside the bounds are left out), the axes through 0 in light gray, and
    /// <paramref name="outline"/> (x0, y0, x1, y1, ...) as single dark pixels on top.
    /// </summary>
    public static Image Render(ReadOnlySpan<float> xs, ReadOnlySpan<float> ys, ReadOnlySpan<int> labels, FrameBounds bounds,
        string caption, ReadOnlySpan<float> outline = default, int size = 360)
    {
        if (xs.Length != ys.Length || xs.Length != labels.Length)
        {
            throw new ArgumentException($"A scatter frame needs as many x, y and labels; got {xs.Length}, {ys.Length} and {labels.Length}.");
        }
        if (!(bounds.XMax > bounds.XMin && bounds.YMax > bounds.YMin))
        {
            throw new ArgumentException($"Empty frame bounds {bounds}.", nameof(bounds));
        }
        int top = BitmapFont.LineHeight + 6;
        var image = new Image(size, size + top, 3);
        image.FillRectangle(0, 0, image.Width, image.Height, Rgb.White);
        BitmapFont.Draw(image, caption, Margin, 3, Rgb.Black);
        int inner = size - 2 * Margin;
        int Px(double x) => Margin + (int)Math.Floor((x - bounds.XMin) / (bounds.XMax - bounds.XMin) * (inner - 1) + 0.5);
        int Py(double y) => top + Margin + (int)Math.Floor((bounds.YMax - y) / (bounds.YMax - bounds.YMin) * (inner - 1) + 0.5);
        bool Inside(double x, double y) => x >= bounds.XMin && x <= bounds.XMax && y >= bounds.YMin && y <= bounds.YMax;

        if (Inside(0, bounds.YMin)) image.FillRectangle(Px(0), top + Margin, 1, inner, s_axis);
        if (Inside(bounds.XMin, 0)) image.FillRectangle(Margin, Py(0), inner, 1, s_axis);
        for (int i = 0; i < xs.Length; i++)
        {
            if (Inside(xs[i], ys[i])) image.FillRectangle(Px(xs[i]), Py(ys[i]), 2, 2, Palette.Category(labels[i]));
        }
        for (int i = 0; i + 1 < outline.Length; i += 2)
        {
            if (Inside(outline[i], outline[i + 1])) image.FillRectangle(Px(outline[i]), Py(outline[i + 1]), 1, 1, s_outline);
        }
        image.FillRectangle(Margin - 1, top + Margin - 1, inner + 2, 1, s_frame);
        image.FillRectangle(Margin - 1, top + Margin + inner, inner + 2, 1, s_frame);
        image.FillRectangle(Margin - 1, top + Margin - 1, 1, inner + 2, s_frame);
        image.FillRectangle(Margin + inner, top + Margin - 1, 1, inner + 2, s_frame);
        return image;
    }
}
