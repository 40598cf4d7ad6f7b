// Image: width, height, channels (1 gray, 3 RGB, 4 RGBA) and 8-bit pixels, interleaved row by row.
// Conversions from float arrays in [0, 1] (what models produce), channel changes and integer up-scaling.
namespace Engine.Imaging;

/// <summary>An 8-bit image: width, height, 1 (gray), 3 (RGB) or 4 (RGBA) channels, pixels interleaved row by row.</summary>
public sealed class Image
{
    /// <summary>Creates an image; without pixels it is all zeros (black, or transparent for RGBA).</summary>
    public Image(int width, int height, int channels, byte[]? pixels = null)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image size {width}x{height} must be positive.");
        }
        if (channels is not (1 or 3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), $"Channels must be 1 (gray), 3 (RGB) or 4 (RGBA), not {channels}.");
        }
        long length = (long)width * height * channels;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Image {width}x{height}x{channels} is too large.");
        }
        if (pixels is not null && pixels.Length != length)
        {
            throw new ArgumentException($"Expected {length} bytes for {width}x{height}x{channels}, got {pixels.Length}.", nameof(pixels));
        }
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels ?? new byte[length];
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }

    /// <summary>Row-major, channels interleaved: byte (y * Width + x) * Channels + c.</summary>
    public byte[] Pixels { get; }

    public byte this[int x, int y, int channel]
    {
        get => Pixels[(y * Width + x) * Channels + channel];
        set => Pixels[(y * Width + x) * Channels + channel] = value;
    }

    /// <summary>
    /// Builds an image from floats in [0, 1] (clamped; NaN becomes 0). <paramref name="planar"/> = true reads
    /// (C, H, W) as a tensor stores it; false reads (H, W, C). <paramref name="invert"/> maps v to 1 - v.
    /// </summary>
    public static Image FromFloats(ReadOnlySpan<float> values, int width, int height, int channels = 1,
        bool planar = true, bool invert = false)
    {
        var image = new Image(width, height, channels);
        if (values.Length != image.Pixels.Length)
        {
            throw new ArgumentException(
                $"Expected {image.Pixels.Length} values for {width}x{height}x{channels}, got {values.Length}.", nameof(values));
        }
        int planeSize = width * height;
        for (int i = 0; i < planeSize; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                float v = planar ? values[c * planeSize + i] : values[i * channels + c];
                image.Pixels[i * channels + c] = ToByte(invert ? 1f - v : v);
            }
        }
        return image;
    }

    /// <summary>Clamps v to [0, 1] and rounds it to 0..255; NaN gives 0.</summary>
    public static byte ToByte(float v) => float.IsNaN(v) ? (byte)0 : (byte)MathF.Round(Math.Clamp(v, 0f, 1f) * 255f);

    /// <summary>Returns the pixel at (x, y) as a colour (gray is repeated, alpha dropped).</summary>
    public Rgb GetRgb(int x, int y)
    {
        int i = (y * Width + x) * Channels;
        return Channels == 1 ? new Rgb(Pixels[i], Pixels[i], Pixels[i]) : new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
    }

    /// <summary>Converts to the given channel count: gray repeats into RGB, colour averages into gray, alpha is 255 when added.</summary>
    public Image ToChannels(int channels)
    {
        if (channels == Channels)
        {
            return new Image(Width, Height, Channels, (byte[])Pixels.Clone());
        }
        var output = new Image(Width, Height, channels);
        int count = Width * Height;
        for (int i = 0; i < count; i++)
        {
            int s = i * Channels;
            int d = i * channels;
            if (channels == 1)
            {
                output.Pixels[d] = (byte)((Pixels[s] + Pixels[s + 1] + Pixels[s + 2] + 1) / 3);
                continue;
            }
            for (int c = 0; c < 3; c++)
            {
                output.Pixels[d + c] = Channels == 1 ? Pixels[s] : Pixels[s + c];
            }
            if (channels == 4)
            {
                output.Pixels[d + 3] = Channels == 4 ? Pixels[s + 3] : (byte)255;
            }
        }
        return output;
    }

    /// <summary>Nearest-neighbour up-scaling by an integer factor: every pixel becomes a factor x factor block.</summary>
    public Image Scale(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1)
        {
            return new Image(Width, Height, Channels, (byte[])Pixels.Clone());
        }
        var output = new Image(Width * factor, Height * factor, Channels);
        int sourceRow = Width * Channels;
        int destinationRow = output.Width * Channels;
        for (int y = 0; y < Height; y++)
        {
            Span<byte> first = output.Pixels.AsSpan(y * factor * destinationRow, destinationRow);
            for (int x = 0; x < Width; x++)
            {
                ReadOnlySpan<byte> pixel = Pixels.AsSpan(y * sourceRow + x * Channels, Channels);
                for (int k = 0; k < factor; k++)
                {
                    pixel.CopyTo(first[((x * factor + k) * Channels)..]);
                }
            }
            for (int k = 1; k < factor; k++)
            {
                first.CopyTo(output.Pixels.AsSpan((y * factor + k) * destinationRow, destinationRow));
            }
        }
        return output;
    }

    /// <summary>Copies <paramref name="source"/> into this image with its top-left corner at (left, top), converting
    /// channels; parts falling outside this image are cut off.</summary>
    public void Paste(Image source, int left, int top)
    {
        Image converted = source.Channels == Channels ? source : source.ToChannels(Channels);
        int x0 = Math.Max(0, -left), x1 = Math.Min(converted.Width, Width - left);
        for (int y = Math.Max(0, -top); y < converted.Height && top + y < Height; y++)
        {
            if (x1 > x0)
            {
                converted.Pixels.AsSpan((y * converted.Width + x0) * Channels, (x1 - x0) * Channels)
                    .CopyTo(Pixels.AsSpan(((top + y) * Width + left + x0) * Channels));
            }
        }
    }

    /// <summary>Fills a rectangle with one colour (alpha 255 for RGBA, the gray average for gray images).</summary>
    public void FillRectangle(int left, int top, int width, int height, Rgb color)
    {
        int x1 = Math.Min(Width, left + width);
        int y1 = Math.Min(Height, top + height);
        byte gray = (byte)((color.R + color.G + color.B + 1) / 3);
        for (int y = Math.Max(0, top); y < y1; y++)
        {
            for (int x = Math.Max(0, left); x < x1; x++)
            {
                int i = (y * Width + x) * Channels;
                if (Channels == 1)
                {
                    Pixels[i] = gray;
                    continue;
                }
                Pixels[i] = color.R;
                Pixels[i + 1] = color.G;
                Pixels[i + 2] = color.B;
                if (Channels == 4)
                {
                    Pixels[i + 3] = 255;
                }
            }
        }
    }
}
