// PNG reader: checks the signature and every chunk's CRC, inflates IDAT, undoes the five row filters and
// returns gray, RGB or RGBA at 8 bits (palette and low bit depths are expanded). Anything else is refused by name.
// Limits come before allocation: a header may declare at most MaxDecodedBytes of rows and pixels, and an image larger
// than its compressed data could inflate to (deflate's ratio is at most 1032:1) is refused before the output is made.
// Rows are inflated, unfiltered and expanded one at a time (two rows kept), so decoding costs the output image, the
// compressed data and a constant, whatever the image's size.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Engine.Imaging;

internal static class PngDecoder
{
    /// <summary>Largest image accepted: its inflated rows and its decoded pixels must each fit in 64 MiB.</summary>
    public const long MaxDecodedBytes = 64L << 20;

    /// <param name="data">the whole file</param>
    /// <param name="name">the file name, used in error messages</param>
    /// <param name="filtersSeen">if given, counts rows per filter type (tests use it to prove coverage)</param>
    public static Image Decode(ReadOnlySpan<byte> data, string name, int[]? filtersSeen = null)
    {
        if (data.Length < 8 || !data[..8].SequenceEqual(PngEncoder.Signature))
        {
            throw new ImageFormatException($"{name}: not a PNG file (bad signature: the first 8 bytes must be 89 50 4E 47 0D 0A 1A 0A).");
        }
        PngHeader? header = null;
        byte[]? palette = null;
        byte[]? transparency = null;
        using var idat = new MemoryStream();
        bool ended = false;
        int offset = 8;
        while (!ended)
        {
            if (data.Length - offset < 12)
            {
                throw new ImageFormatException($"{name}: PNG file is truncated after byte {offset} (no IEND chunk).");
            }
            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);
            ReadOnlySpan<byte> typeBytes = data.Slice(offset + 4, 4);
            string type = Encoding.ASCII.GetString(typeBytes);
            if (length > int.MaxValue || length > data.Length - offset - 12)
            {
                throw new ImageFormatException(
                    $"{name}: PNG file is truncated: chunk '{type}' declares {length} bytes, only {Math.Max(0, data.Length - offset - 12)} remain.");
            }
            ReadOnlySpan<byte> chunk = data.Slice(offset + 8, (int)length);
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(data[(offset + 8 + (int)length)..]);
            uint computed = Crc32.Compute(typeBytes, chunk);
            if (stored != computed)
            {
                throw new ImageFormatException(
                    $"{name}: PNG chunk '{type}' at byte {offset} has a bad CRC (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt.");
            }
            offset += 12 + (int)length;
            if (header is null && type != "IHDR")
            {
                throw new ImageFormatException($"{name}: PNG must start with an IHDR chunk, found '{type}'.");
            }
            switch (type)
            {
                case "IHDR":
                    header = PngHeader.Parse(chunk, name);
                    break;
                case "PLTE":
                    palette = chunk.ToArray();
                    break;
                case "tRNS":
                    transparency = chunk.ToArray();
                    break;
                case "IDAT":
                    idat.Write(chunk);
                    break;
                case "IEND":
                    ended = true;
                    break;
                default:
                    if (char.IsUpper(type[0]))
                    {
                        throw new ImageFormatException($"{name}: unsupported critical PNG chunk '{type}'.");
                    }
                    break; // ancillary chunks (text, gamma, physical size ...) are skipped
            }
        }
        PngHeader h = header!;
        if (h.ColorType == 3 && palette is null)
        {
            throw new ImageFormatException($"{name}: palette PNG has no PLTE chunk.");
        }
        return DecodeRows(idat, h, palette, transparency, name, filtersSeen);
    }

    /// <summary>The most bytes deflate can inflate one compressed byte to (RFC 1951: 258-byte matches in about 2 bits), rounded up.</summary>
    private const long MaxDeflateRatio = 1032;

    // Inflates the rows one at a time into a two-row buffer, undoes each row's filter against the previous one and writes it
    // into the output image. Row y of the inflated stream is its filter-type byte followed by RowBytes bytes.
    private static Image DecodeRows(MemoryStream idat, PngHeader h, byte[]? palette, byte[]? transparency, string name, int[]? filtersSeen)
    {
        if (idat.Length == 0)
        {
            throw new ImageFormatException($"{name}: PNG has no IDAT chunk (no image data).");
        }
        long expected = (long)h.Height * (1 + h.RowBytes);
        if (expected > idat.Length * MaxDeflateRatio + 1024)
        {
            throw new ImageFormatException(
                $"{name}: PNG image data is truncated: {h.Width}x{h.Height} needs {expected} bytes after inflating, more than its " +
                $"{idat.Length} compressed bytes can hold (deflate inflates at most {MaxDeflateRatio}:1).");
        }
        var image = new Image(h.Width, h.Height, PngPixels.Channels(h, transparency));
        var row = new byte[1 + h.RowBytes];
        var previous = new byte[h.RowBytes];                                        // zeros above the first row
        idat.Position = 0;
        long read = 0;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
            for (int y = 0; y < h.Height; y++)
            {
                int n = zlib.ReadAtLeast(row, row.Length, throwOnEndOfStream: false);
                read += n;
                if (n < row.Length)
                {
                    throw new ImageFormatException(
                        $"{name}: PNG image data is truncated: {h.Width}x{h.Height} needs {expected} bytes after inflating, got {read}.");
                }
                int filter = row[0];
                if (filter > PngFilters.Paeth)
                {
                    throw new ImageFormatException($"{name}: PNG row {y} has unknown filter type {filter} (valid types are 0 to 4).");
                }
                if (filtersSeen is not null)
                {
                    filtersSeen[filter]++;
                }
                PngFilters.Undo(filter, row.AsSpan(1), previous, h.FilterBytesPerPixel);
                PngPixels.ExpandRow(row.AsSpan(1), y, h, palette, transparency, image);
                row.AsSpan(1).CopyTo(previous);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException && e is not ImageFormatException) // IOException covers ZLibException
        {
            throw new ImageFormatException(
                $"{name}: PNG image data (IDAT) is not valid zlib data (it fails after {read} inflated bytes); the file is corrupt.", e);
        }
        return image;
    }
}
