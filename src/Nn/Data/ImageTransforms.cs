// Host-side transforms for the experiments: Gaussian noise (denoising AE), average-pool down-sampling and
// nearest up-sampling (super-resolution inputs), and one-hot labels (conditional models). Inputs first, outputs last.
// N = images (or N * C planes), H, W = height, width, F = scale factor, K = classes.
using Engine.Kernels;

namespace Engine.Nn.Data;

/// <summary>Host-side transforms for the experiments: Gaussian noise, down- and up-sampling, one-hot labels.</summary>
public static class ImageTransforms
{
    /// <summary>
    /// output[i] = images[i] + sigma * Philox.Normal(seed, offset + i), clamped to [0, 1] if <paramref name="clampTo01"/>.
    /// Use a fresh <paramref name="offset"/> per batch (e.g. step * batch length) so every batch draws new noise.
    /// </summary>
    public static void GaussianNoise(ReadOnlySpan<float> images, float sigma, ulong seed, ulong offset, Span<float> output, bool clampTo01 = true)
    {
        RequireLength(output.Length, images.Length, nameof(output));
        for (int i = 0; i < images.Length; i++)
        {
            float value = images[i] + sigma * Philox.Normal(seed, offset + (ulong)i);
            output[i] = clampTo01 ? Math.Clamp(value, 0f, 1f) : value;
        }
    }

    public static float[] GaussianNoise(float[] images, float sigma, ulong seed, ulong offset, bool clampTo01 = true)
    {
        var output = new float[images.Length];
        GaussianNoise(images, sigma, seed, offset, output, clampTo01);
        return output;
    }

    /// <summary>Average pooling by <paramref name="factor"/>: [N, H, W] -> [N, H / F, W / F]; H and W must be multiples of F.</summary>
    public static void Downsample(ReadOnlySpan<float> images, int n, int h, int w, int factor, Span<float> output)
    {
        CheckFactor(h, w, factor);
        RequireLength(images.Length, n * h * w, nameof(images));
        int oh = h / factor, ow = w / factor;
        RequireLength(output.Length, n * oh * ow, nameof(output));
        float scale = 1f / (factor * factor);
        for (int i = 0; i < n; i++)
        {
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x++)
                {
                    float sum = 0;
                    for (int dy = 0; dy < factor; dy++)
                    {
                        for (int dx = 0; dx < factor; dx++)
                        {
                            sum += images[(i * h + y * factor + dy) * w + x * factor + dx];
                        }
                    }
                    output[(i * oh + y) * ow + x] = sum * scale;
                }
            }
        }
    }

    public static float[] Downsample(float[] images, int n, int h, int w, int factor)
    {
        CheckFactor(h, w, factor);
        var output = new float[n * (h / factor) * (w / factor)];
        Downsample(images, n, h, w, factor, output);
        return output;
    }

    /// <summary>Nearest-neighbour up-sampling: [N, H, W] -> [N, H * F, W * F], each pixel repeated F x F times.</summary>
    public static void Upsample(ReadOnlySpan<float> images, int n, int h, int w, int factor, Span<float> output)
    {
        if (factor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), $"factor = {factor}; it must be positive.");
        }
        RequireLength(images.Length, n * h * w, nameof(images));
        int oh = h * factor, ow = w * factor;
        RequireLength(output.Length, n * oh * ow, nameof(output));
        for (int i = 0; i < n; i++)
        {
            for (int y = 0; y < oh; y++)
            {
                for (int x = 0; x < ow; x++)
                {
                    output[(i * oh + y) * ow + x] = images[(i * h + y / factor) * w + x / factor];
                }
            }
        }
    }

    public static float[] Upsample(float[] images, int n, int h, int w, int factor)
    {
        var output = new float[n * h * factor * w * factor];
        Upsample(images, n, h, w, factor, output);
        return output;
    }

    /// <summary>One-hot rows: [N] labels in 0..K-1 -> [N, K] with output[i, labels[i]] = 1, everything else 0.</summary>
    public static void OneHot(ReadOnlySpan<int> labels, int classes, Span<float> output)
    {
        RequireLength(output.Length, labels.Length * classes, nameof(output));
        output.Clear();
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {labels[i]} at index {i} is outside 0..{classes - 1}.");
            }
            output[i * classes + labels[i]] = 1f;
        }
    }

    public static float[] OneHot(int[] labels, int classes)
    {
        var output = new float[labels.Length * classes];
        OneHot(labels, classes, output);
        return output;
    }

    private static void CheckFactor(int h, int w, int factor)
    {
        if (factor <= 0 || h % factor != 0 || w % factor != 0)
        {
            throw new ArgumentException(
                $"Cannot down-sample {h} x {w} images by {factor}: the factor must be positive and divide both sides (for 28 x 28: 2, 4, 7, 14).");
        }
    }

    private static void RequireLength(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"'{name}' has {actual} elements but the sizes given need {expected}.", name);
        }
    }
}
