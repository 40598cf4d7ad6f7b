// Deterministic test pictures: seeded noise, smooth gradients and blobs, in any channel count and size.
using Engine.Imaging;

namespace Engine.Tests.Imaging;

internal static class TestImages
{
    /// <summary>Half smooth gradient, half seeded noise, so every PNG filter type gets chosen somewhere.</summary>
    public static Image Mixed(int width, int height, int channels, int seed = 20240611)
    {
        var random = new Random(seed);
        var image = new Image(width, height, channels);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < channels; c++)
                {
                    bool noisy = (y / 3 + c) % 2 == 0 && x > width / 2;
                    image[x, y, c] = noisy ? (byte)random.Next(256) : (byte)((x * 7 + y * 3 + c * 50) & 255);
                }
            }
        }
        return image;
    }

    /// <summary>A 28x28 gray "digit": a soft ring whose centre and radius move with t in [0, 1].</summary>
    public static float[] Blob(float t, int size = 28)
    {
        var values = new float[size * size];
        float cx = 9 + 10 * t, cy = 14 + 4 * MathF.Sin(t * 6), radius = 5 + 3 * t;
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                float d = MathF.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy));
                values[y * size + x] = MathF.Exp(-(d - radius) * (d - radius) / 4f);
            }
        }
        return values;
    }
}
