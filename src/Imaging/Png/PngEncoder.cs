// PNG writer: 8-bit gray, RGB or RGBA; each row gets the filter with the smallest sum of absolute bytes,
// the filtered rows go through zlib (ZLibStream), and every chunk carries its CRC-32.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Engine.Imaging;

internal static class PngEncoder
{
    public static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <param name="forcedFilter">null picks the best filter per row; 0 to 4 forces one type (tests use it)</param>
    public static byte[] Encode(Image image, int? forcedFilter = null)
    {
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8; // bit depth
        header[9] = ColorType(image.Channels);
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive, five types
        header[12] = 0; // interlace: none
        WriteChunk(output, "IHDR", header);
        WriteChunk(output, "IDAT", CompressRows(image, forcedFilter));
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte ColorType(int channels) => channels switch
    {
        1 => 0,
        3 => 2,
        4 => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), $"PNG supports 1, 3 or 4 channels, not {channels}."),
    };

    private static byte[] CompressRows(Image image, int? forcedFilter)
    {
        int rowBytes = image.Width * image.Channels;
        var previous = new byte[rowBytes];
        var candidate = new byte[rowBytes];
        var best = new byte[rowBytes];
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<byte> row = image.Pixels.AsSpan(y * rowBytes, rowBytes);
                long bestScore = long.MaxValue;
                int bestFilter = 0;
                for (int filter = PngFilters.None; filter <= PngFilters.Paeth; filter++)
                {
                    if (forcedFilter is not null && filter != forcedFilter)
                    {
                        continue;
                    }
                    PngFilters.Apply(filter, row, previous, image.Channels, candidate);
                    long score = Score(candidate);
                    if (score < bestScore)
                    {
                        bestScore = score;
                        bestFilter = filter;
                        candidate.CopyTo(best, 0);
                    }
                }
                zlib.WriteByte((byte)bestFilter);
                zlib.Write(best);
                row.CopyTo(previous);
            }
        }
        return compressed.ToArray();
    }

    // The usual heuristic: filtered bytes read as signed, smaller magnitudes compress better.
    private static long Score(ReadOnlySpan<byte> filtered)
    {
        long sum = 0;
        foreach (byte b in filtered)
        {
            int v = (sbyte)b;
            sum += v < 0 ? -v : v; // Math.Abs(sbyte -128) would overflow
        }
        return sum;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        Span<byte> typeBytes = stackalloc byte[4];
        for (int i = 0; i < 4; i++)
        {
            typeBytes[i] = (byte)type[i];
        }
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeBytes, data));
        output.Write(word);
    }
}
