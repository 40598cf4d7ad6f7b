// Writes small synthetic IDX files (raw or gzip) for the data tests; Corrupt* helpers damage them on purpose.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Engine.Tests.Data;

internal static class IdxFiles
{
    /// <summary>An IDX images file of <paramref name="count"/> images; pixel p of image i is (i * 7 + p) % 256.</summary>
    public static byte[] Images(int count, int rows, int cols)
    {
        var bytes = Header(0x00000803, count, rows, cols);
        var data = new byte[count * rows * cols];
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((i / (rows * cols) * 7 + i % (rows * cols)) % 256);
        }
        return [.. bytes, .. data];
    }

    /// <summary>An IDX labels file with label i % 10.</summary>
    public static byte[] Labels(int count)
    {
        var data = new byte[count];
        for (int i = 0; i < count; i++)
        {
            data[i] = (byte)(i % 10);
        }
        return [.. Header(0x00000801, count), .. data];
    }

    public static byte[] Header(int magic, params int[] dims)
    {
        var bytes = new byte[4 + 4 * dims.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        }
        return bytes;
    }

    public static byte[] Gzip(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(raw);
        }
        return output.ToArray();
    }

    /// <summary>Writes a full set (train and t10k images and labels) into <paramref name="folder"/>, gzipped or raw.</summary>
    public static void WriteSet(string folder, int trainCount, int testCount, bool gzip = true, bool testOnly = false)
    {
        string suffix = gzip ? ".gz" : "";
        Func<byte[], byte[]> encode = gzip ? Gzip : raw => raw;
        if (!testOnly)
        {
            File.WriteAllBytes(Path.Combine(folder, "train-images-idx3-ubyte" + suffix), encode(Images(trainCount, 4, 4)));
            File.WriteAllBytes(Path.Combine(folder, "train-labels-idx1-ubyte" + suffix), encode(Labels(trainCount)));
        }
        File.WriteAllBytes(Path.Combine(folder, "t10k-images-idx3-ubyte" + suffix), encode(Images(testCount, 4, 4)));
        File.WriteAllBytes(Path.Combine(folder, "t10k-labels-idx1-ubyte" + suffix), encode(Labels(testCount)));
    }
}
