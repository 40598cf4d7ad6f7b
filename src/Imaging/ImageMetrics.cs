// Image quality metrics for super-resolution, on grey images with values in [0, L] (L = data range, 1 for the engine):
//   PSNR = 10 log10(L^2 / MSE) dB (infinite for identical images);
//   SSIM (Wang, Bovik, Sheikh & Simoncelli 2004) = mean over every 11 x 11 window of
//     ((2 mu_x mu_y + C1)(2 s_xy + C2)) / ((mu_x^2 + mu_y^2 + C1)(s_x^2 + s_y^2 + C2)),  C1 = (0.01 L)^2, C2 = (0.03 L)^2,
//   with mu, s^2, s_xy Gaussian-weighted (sigma 1.5, weights summing to 1) means, variances and covariance, windows
//   fully inside the image ("valid", as the authors' ssim_index.m and pytorch-msssim; a 28 x 28 image has 18 x 18).
// N = images, H, W = height, width; images are [N, H, W] row-major.
namespace Engine.Imaging;

/// <summary>The SSIM window and constants; the defaults are Wang et al.'s.</summary>
public sealed record SsimOptions(int WindowSize = 11, double Sigma = 1.5, double K1 = 0.01, double K2 = 0.03, double DataRange = 1.0);

public static class ImageMetrics
{
    /// <summary>Mean squared difference of two equally long spans.</summary>
    public static double Mse(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        RequireSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (double)a[i] - b[i];
            sum += d * d;
        }
        return sum / a.Length;
    }

    /// <summary>PSNR in dB of <paramref name="a"/> against <paramref name="b"/> over the whole span.</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b, double dataRange = 1.0) =>
        10.0 * Math.Log10(dataRange * dataRange / Mse(a, b));

    /// <summary>The mean over images of each image's PSNR; [N, H, W] images of <paramref name="pixelsPerImage"/> pixels.</summary>
    public static double MeanPsnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int pixelsPerImage, double dataRange = 1.0)
    {
        int n = ImageCount(a, b, pixelsPerImage);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            sum += Psnr(a.Slice(i * pixelsPerImage, pixelsPerImage), b.Slice(i * pixelsPerImage, pixelsPerImage), dataRange);
        }
        return sum / n;
    }

    /// <summary>The normalised Gaussian window [S, S] (S = window size) the SSIM statistics are weighted with.</summary>
    public static double[] GaussianWindow(int size, double sigma)
    {
        if (size <= 0 || !(sigma > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(size), $"An SSIM window needs a positive size and sigma; got {size} and {sigma}.");
        }
        var g = new double[size];
        double centre = (size - 1) / 2.0, total = 0;
        for (int i = 0; i < size; i++)
        {
            g[i] = Math.Exp(-(i - centre) * (i - centre) / (2 * sigma * sigma));
            total += g[i];
        }
        var window = new double[size * size];
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
                window[y * size + x] = g[y] * g[x] / (total * total);
        return window;
    }

    /// <summary>SSIM of one image [H, W] against another: the mean of the SSIM map over every valid window.</summary>
    public static double Ssim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int height, int width, SsimOptions? options = null)
    {
        options ??= new SsimOptions();
        RequireSameLength(a, b);
        int s = options.WindowSize;
        if (a.Length != height * width || s > height || s > width)
        {
            throw new ArgumentException(
                $"SSIM needs images of {height} x {width} = {height * width} pixels at least {s} on a side; got {a.Length} pixels.");
        }
        var window = GaussianWindow(s, options.Sigma);
        double c1 = Math.Pow(options.K1 * options.DataRange, 2), c2 = Math.Pow(options.K2 * options.DataRange, 2);
        double total = 0;
        for (int y0 = 0; y0 + s <= height; y0++)
        {
            for (int x0 = 0; x0 + s <= width; x0++)
            {
                double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
                for (int dy = 0; dy < s; dy++)
                {
                    for (int dx = 0; dx < s; dx++)
                    {
                        double w = window[dy * s + dx];
                        double p = a[(y0 + dy) * width + x0 + dx], q = b[(y0 + dy) * width + x0 + dx];
                        mx += w * p;
                        my += w * q;
                        xx += w * p * p;
                        yy += w * q * q;
                        xy += w * p * q;
                    }
                }
                double vx = xx - mx * mx, vy = yy - my * my, cov = xy - mx * my;
                total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
            }
        }
        return total / ((height - s + 1) * (width - s + 1));
    }

    /// <summary>The mean over images of each image's SSIM; [N, H, W] images.</summary>
    public static double MeanSsim(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int height, int width, SsimOptions? options = null)
    {
        int n = ImageCount(a, b, height * width);
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            int size = height * width;
            sum += Ssim(a.Slice(i * size, size), b.Slice(i * size, size), height, width, options);
        }
        return sum / n;
    }

    private static int ImageCount(ReadOnlySpan<float> a, ReadOnlySpan<float> b, int pixelsPerImage)
    {
        RequireSameLength(a, b);
        if (pixelsPerImage <= 0 || a.Length % pixelsPerImage != 0)
        {
            throw new ArgumentException($"{a.Length} values are not a whole number of {pixelsPerImage}-pixel images.");
        }
        return a.Length / pixelsPerImage;
    }

    private static void RequireSameLength(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length || a.Length == 0)
        {
            throw new ArgumentException($"The two images must have the same, non-zero number of values; got {a.Length} and {b.Length}.");
        }
    }
}
