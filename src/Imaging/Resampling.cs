// Up-sampling of grey images, with PyTorch's semantics: F.interpolate(mode="bilinear" | "bicubic", align_corners=False),
// no antialiasing. Output pixel d reads the source at s = (d + 0.5) * in / out - 0.5 (pixel centres line up):
//   bilinear: s clamped at 0, the two neighbours floor(s) and floor(s) + 1 (clamped to the edge), weights 1 - t and t;
//   bicubic:  the four neighbours floor(s) - 1 .. floor(s) + 2 (clamped to the edge, i.e. the border is replicated),
//             Keys' cubic convolution with A = -0.75 (PyTorch's; PIL uses -0.5). Not clamped: it can overshoot [0, 1].
// Separable: rows first, then columns. Area down-sampling (the super-resolution input) is Engine.Nn.Data.ImageTransforms.Downsample.
// N = images, H, W = source height, width, OH, OW = output height, width; images are [N, H, W] row-major.
namespace Engine.Imaging;

public static class Resampling
{
    public const double CubicA = -0.75;

    /// <summary>Bilinear resize of [N, H, W] images to [N, OH, OW].</summary>
    public static float[] Bilinear(ReadOnlySpan<float> images, int n, int h, int w, int outHeight, int outWidth) =>
        Resize(images, n, h, w, outHeight, outWidth, cubic: false);

    /// <summary>Bicubic resize of [N, H, W] images to [N, OH, OW].</summary>
    public static float[] Bicubic(ReadOnlySpan<float> images, int n, int h, int w, int outHeight, int outWidth) =>
        Resize(images, n, h, w, outHeight, outWidth, cubic: true);

    /// <summary>
    /// For each output index along one axis of <paramref name="inSize"/> -> <paramref name="outSize"/>: the source indices
    /// [out, taps] and their weights [out, taps] (taps = 2 bilinear, 4 bicubic).
    /// </summary>
    public static (int[] Index, double[] Weight, int Taps) Taps1d(int inSize, int outSize, bool cubic)
    {
        int taps = cubic ? 4 : 2;
        var index = new int[outSize * taps];
        var weight = new double[outSize * taps];
        double scale = (double)inSize / outSize;
        for (int d = 0; d < outSize; d++)
        {
            double s = (d + 0.5) * scale - 0.5;
            if (!cubic && s < 0) s = 0;
            int i0 = (int)Math.Floor(s);
            double t = s - i0;
            double[] ws = cubic
                ? [Far(t + 1), Near(t), Near(1 - t), Far(2 - t)]
                : [1 - t, t];
            for (int k = 0; k < taps; k++)
            {
                index[d * taps + k] = Math.Clamp(i0 + k - (cubic ? 1 : 0), 0, inSize - 1);
                weight[d * taps + k] = ws[k];
            }
        }
        return (index, weight, taps);
    }

    // Keys' cubic convolution kernel: |x| <= 1 and 1 < |x| < 2.
    private static double Near(double x) => ((CubicA + 2) * x - (CubicA + 3)) * x * x + 1;

    private static double Far(double x) => ((CubicA * x - 5 * CubicA) * x + 8 * CubicA) * x - 4 * CubicA;

    private static float[] Resize(ReadOnlySpan<float> images, int n, int h, int w, int outHeight, int outWidth, bool cubic)
    {
        if (n < 0 || h <= 0 || w <= 0 || outHeight <= 0 || outWidth <= 0 || images.Length != n * h * w)
        {
            throw new ArgumentException(
                $"Resampling {n} images of {h} x {w} to {outHeight} x {outWidth} needs positive sizes and {n * h * w} values; got {images.Length}.");
        }
        var (rowIndex, rowWeight, taps) = Taps1d(h, outHeight, cubic);
        var (colIndex, colWeight, _) = Taps1d(w, outWidth, cubic);
        var output = new float[n * outHeight * outWidth];
        var rows = new double[outHeight * w];                              // [OH, W]: the image resampled along y
        for (int i = 0; i < n; i++)
        {
            var image = images.Slice(i * h * w, h * w);
            for (int y = 0; y < outHeight; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double sum = 0;
                    for (int k = 0; k < taps; k++) sum += rowWeight[y * taps + k] * image[rowIndex[y * taps + k] * w + x];
                    rows[y * w + x] = sum;                                 // =
                }
            }
            for (int y = 0; y < outHeight; y++)
            {
                for (int x = 0; x < outWidth; x++)
                {
                    double sum = 0;
                    for (int k = 0; k < taps; k++) sum += colWeight[x * taps + k] * rows[y * w + colIndex[x * taps + k]];
                    output[(i * outHeight + y) * outWidth + x] = (float)sum;   // =
                }
            }
        }
        return output;
    }
}
