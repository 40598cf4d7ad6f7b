// PNG reader: checks the signature and every chunk's CRC, inflates IDAT, undoes the five row filters and
// returns gray, RGB or RGBA at 8 bits (palette and low bit depths are expanded). Anything else is refused by name.
// Limits come before allocation: a header may declare at most MaxDecodedBytes of rows and pixels, and the inflate
// buffer grows only as real data arrives, so a tiny file declaring a huge image or a decompression bomb costs little.
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Engine.Imaging;

internal static class PngDecoder
{
    /// <summary>Largest image accepted: its inflated rows and its decoded pixels must each fit in 64 MiB.</summary>
    public const long MaxDecodedBytes = 64L << 20;

    private const int InitialInflateBuffer = 1 << 16;

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
        byte[] raw = Inflate(idat, h, name);
        Unfilter(raw, h, name, filtersSeen);
        return PngPixels.Expand(raw, h, palette, transparency);
    }

    private static byte[] Inflate(MemoryStream idat, PngHeader h, string name)
    {
        if (idat.Length == 0)
        {
            throw new ImageFormatException($"{name}: PNG has no IDAT chunk (no image data).");
        }
        long expected = (long)h.Height * (1 + h.RowBytes);
        var raw = new byte[Math.Min(expected, InitialInflateBuffer)];
        idat.Position = 0;
        int read = 0;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
            while (read < expected)
            {
                if (read == raw.Length)
                {
                    Array.Resize(ref raw, (int)Math.Min(expected, 2L * raw.Length)); // grows only with data actually inflated
                }
                int n = zlib.Read(raw, read, raw.Length - read);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // IOException covers ZLibException
        {
            throw new ImageFormatException(
                $"{name}: PNG image data (IDAT) is not valid zlib data (it fails after {read} inflated bytes); the file is corrupt.", e);
        }
        if (read < expected)
        {
            throw new ImageFormatException(
                $"{name}: PNG image data is truncated: {h.Width}x{h.Height} needs {expected} bytes after inflating, got {read}.");
        }
        return raw;
    }

    // Undoes the row filters in place; row y starts at y * (1 + RowBytes) with its filter-type byte.
    private static void Unfilter(byte[] raw, PngHeader h, string name, int[]? filtersSeen)
    {
        int stride = 1 + h.RowBytes;
        var zeros = new byte[h.RowBytes];
        for (int y = 0; y < h.Height; y++)
        {
            int filter = raw[y * stride];
            if (filter > PngFilters.Paeth)
            {
                throw new ImageFormatException($"{name}: PNG row {y} has unknown filter type {filter} (valid types are 0 to 4).");
            }
            if (filtersSeen is not null)
            {
                filtersSeen[filter]++;
            }
            ReadOnlySpan<byte> previous = y == 0 ? zeros : raw.AsSpan((y - 1) * stride + 1, h.RowBytes);
            PngFilters.Undo(filter, raw.AsSpan(y * stride + 1, h.RowBytes), previous, h.FilterBytesPerPixel);
        }
    }
}
