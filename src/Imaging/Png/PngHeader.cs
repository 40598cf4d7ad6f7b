// The IHDR chunk: size, bit depth, colour type and interlace, validated against what PngDecoder supports.
using System.Buffers.Binary;

namespace Engine.Imaging;

internal sealed record PngHeader(int Width, int Height, int BitDepth, int ColorType)
{
    /// <summary>Samples per pixel: gray 1, RGB 3, palette index 1, gray+alpha 2, RGBA 4.</summary>
    public int Samples => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };

    /// <summary>Bytes in one unfiltered row (without the filter-type byte).</summary>
    public int RowBytes => (int)(((long)Width * Samples * BitDepth + 7) / 8);

    /// <summary>The filters' "bpp": bytes per complete pixel, at least 1.</summary>
    public int FilterBytesPerPixel => Math.Max(1, Samples * BitDepth / 8);

    public static PngHeader Parse(ReadOnlySpan<byte> chunk, string name)
    {
        if (chunk.Length != 13)
        {
            throw new ImageFormatException($"{name}: PNG IHDR chunk has {chunk.Length} bytes, expected 13.");
        }
        int width = BinaryPrimitives.ReadInt32BigEndian(chunk);
        int height = BinaryPrimitives.ReadInt32BigEndian(chunk[4..]);
        int bitDepth = chunk[8];
        int colorType = chunk[9];
        if (width <= 0 || height <= 0)
        {
            throw new ImageFormatException($"{name}: PNG size {width}x{height} is invalid.");
        }
        if (colorType is not (0 or 2 or 3 or 4 or 6))
        {
            throw new ImageFormatException($"{name}: PNG colour type {colorType} is invalid (valid: 0, 2, 3, 4, 6).");
        }
        // Decoded pixels take up to 4 bytes each (palette with transparency or gray+alpha become RGBA); rows add a filter byte.
        long pixelBytes = (long)width * height * 4;
        long rowBytes = (long)height * (1 + ((long)width * 4 * 8 + 7) / 8);
        if (Math.Max(pixelBytes, rowBytes) > PngDecoder.MaxDecodedBytes)
        {
            throw new ImageFormatException(
                $"{name}: PNG size {width}x{height} needs {Math.Max(pixelBytes, rowBytes) >> 20} MiB decoded, over this reader's " +
                $"{PngDecoder.MaxDecodedBytes >> 20} MiB limit; the file is corrupt or too large for the engine.");
        }
        if (bitDepth == 16)
        {
            throw new ImageFormatException(
                $"{name}: unsupported PNG bit depth 16; only 8-bit images (and 1/2/4-bit gray or palette) are supported. Save it as 8-bit.");
        }
        bool lowDepthAllowed = colorType is 0 or 3;
        if (bitDepth != 8 && !(lowDepthAllowed && bitDepth is 1 or 2 or 4))
        {
            throw new ImageFormatException($"{name}: unsupported PNG bit depth {bitDepth} for colour type {colorType}.");
        }
        if (chunk[10] != 0 || chunk[11] != 0)
        {
            throw new ImageFormatException(
                $"{name}: unsupported PNG compression method {chunk[10]} or filter method {chunk[11]} (only 0 is defined).");
        }
        if (chunk[12] != 0)
        {
            string method = chunk[12] == 1 ? "1 (Adam7 interlacing)" : chunk[12].ToString();
            throw new ImageFormatException($"{name}: unsupported PNG interlace method {method}; save the image without interlacing.");
        }
        return new PngHeader(width, height, bitDepth, colorType);
    }
}
