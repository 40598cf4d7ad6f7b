// Turns unfiltered PNG rows into an Image: gray stays gray, gray+alpha becomes RGBA, palette becomes RGB
// (RGBA when tRNS gives any index an alpha below 255), and 1/2/4-bit samples are scaled to 0..255, one row at a time.
namespace Engine.Imaging;

internal static class PngPixels
{
    /// <summary>The decoded image's channels: gray 1, RGB 3, palette 3 (4 when tRNS gives any index an alpha below 255), else 4.</summary>
    public static int Channels(PngHeader h, byte[]? transparency) => h.ColorType switch
    {
        0 => 1,
        2 => 3,
        3 => transparency is not null && transparency.Any(a => a != 255) ? 4 : 3,
        _ => 4,
    };

    /// <summary>Writes one unfiltered row (<paramref name="row"/>: RowBytes, no filter byte) as row <paramref name="y"/> of <paramref name="image"/>.</summary>
    public static void ExpandRow(ReadOnlySpan<byte> row, int y, PngHeader h, byte[]? palette, byte[]? transparency, Image image)
    {
        int outChannels = image.Channels;
        int destination = y * h.Width * outChannels;
        int maxSample = (1 << h.BitDepth) - 1;
        switch (h.ColorType)
        {
            case 0:
                for (int x = 0; x < h.Width; x++)
                {
                    image.Pixels[destination + x] = (byte)(Sample(row, x, h.BitDepth) * 255 / maxSample);
                }
                break;
            case 2:
            case 6:
                row.CopyTo(image.Pixels.AsSpan(destination));
                break;
            case 4:
                for (int x = 0; x < h.Width; x++)
                {
                    int d = destination + x * 4;
                    image.Pixels[d] = image.Pixels[d + 1] = image.Pixels[d + 2] = row[x * 2];
                    image.Pixels[d + 3] = row[x * 2 + 1];
                }
                break;
            default:
                ExpandPaletteRow(row, h, palette!, transparency, image.Pixels.AsSpan(destination, h.Width * outChannels), outChannels);
                break;
        }
    }

    private static void ExpandPaletteRow(ReadOnlySpan<byte> row, PngHeader h, byte[] palette, byte[]? transparency,
        Span<byte> output, int outChannels)
    {
        int entries = palette.Length / 3;
        for (int x = 0; x < h.Width; x++)
        {
            int index = Sample(row, x, h.BitDepth);
            if (index >= entries)
            {
                throw new ImageFormatException($"PNG palette index {index} is outside the {entries}-entry palette.");
            }
            output[x * outChannels] = palette[index * 3];
            output[x * outChannels + 1] = palette[index * 3 + 1];
            output[x * outChannels + 2] = palette[index * 3 + 2];
            if (outChannels == 4)
            {
                output[x * 4 + 3] = index < transparency!.Length ? transparency[index] : (byte)255;
            }
        }
    }

    // Sample x of a row packed at 1, 2, 4 or 8 bits, most significant bits first.
    private static int Sample(ReadOnlySpan<byte> row, int x, int bitDepth)
    {
        if (bitDepth == 8)
        {
            return row[x];
        }
        int bit = x * bitDepth;
        int shift = 8 - bitDepth - (bit & 7);
        return (row[bit >> 3] >> shift) & ((1 << bitDepth) - 1);
    }
}
