// Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed (detected by the magic bytes 1F 8B).
// Layout: magic (0x00, 0x00, dtype, rank), rank big-endian int32 dimensions, then the data. Only ubyte (0x08) data.
// Images (magic 0x00000803, N x rows x cols) become floats in [0, 1]; labels (0x00000801, N) become ints.
using System.Buffers.Binary;
using System.IO.Compression;

namespace Engine.Nn.Data;

/// <summary>Images read from an IDX file. Pixels: [N, Rows, Cols] row-major, each pixel / 255.</summary>
public sealed record IdxImages(float[] Pixels, int Count, int Rows, int Cols);

public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;
    private const byte UnsignedByte = 0x08;

    public static IdxImages ReadImages(string path)
    {
        byte[] bytes = ReadAllBytes(path);
        int[] dims = ReadHeader(path, bytes, ImagesMagic, "images");
        int count = dims[0], rows = dims[1], cols = dims[2];
        ReadOnlySpan<byte> data = bytes.AsSpan(HeaderSize(3));
        var pixels = new float[(long)count * rows * cols];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = data[i] / 255f;
        }
        return new IdxImages(pixels, count, rows, cols);
    }

    public static int[] ReadLabels(string path)
    {
        byte[] bytes = ReadAllBytes(path);
        int[] dims = ReadHeader(path, bytes, LabelsMagic, "labels");
        ReadOnlySpan<byte> data = bytes.AsSpan(HeaderSize(1));
        var labels = new int[dims[0]];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = data[i];
        }
        return labels;
    }

    /// <summary>The file's bytes, decompressed if they start with the gzip magic 1F 8B.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        }
        byte[] raw = File.ReadAllBytes(path);
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' starts like gzip (1F 8B) but does not decompress ({e.Message}); the download is corrupt or truncated, fetch it again.", e);
        }
    }

    private static int HeaderSize(int rank) => 4 + 4 * rank;

    /// <summary>Checks magic, dtype, rank and that the data length equals the product of the dimensions; returns them.</summary>
    private static int[] ReadHeader(string path, byte[] bytes, int expectedMagic, string kind)
    {
        int rank = expectedMagic & 0xFF;
        if (bytes.Length < 4)
        {
            throw new InvalidDataException(
                $"IDX {kind} file '{path}' is {bytes.Length} bytes long, too short for the 4-byte magic number; it is truncated.");
        }
        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new InvalidDataException(
                $"'{path}' is not an IDX file: its magic number 0x{BinaryPrimitives.ReadInt32BigEndian(bytes):X8} should start with two zero bytes " +
                $"(IDX {kind} use 0x{expectedMagic:X8}).");
        }
        if (bytes[2] != UnsignedByte)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' stores dtype 0x{bytes[2]:X2}; only unsigned bytes (0x08) are supported, as in MNIST and Fashion-MNIST.");
        }
        if (bytes[3] != rank)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' has magic 0x{BinaryPrimitives.ReadInt32BigEndian(bytes):X8} ({bytes[3]} dimensions) but {kind} need " +
                $"0x{expectedMagic:X8} ({rank} dimensions); check that the images and labels files are not swapped.");
        }
        if (bytes.Length < HeaderSize(rank))
        {
            throw new InvalidDataException(
                $"IDX {kind} file '{path}' is {bytes.Length} bytes long, too short for its {HeaderSize(rank)}-byte header; it is truncated.");
        }
        var dims = new int[rank];
        long expected = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] < 0)
            {
                throw new InvalidDataException($"IDX {kind} file '{path}' declares a negative dimension {dims[d]}; the file is corrupt.");
            }
            expected *= dims[d];
            if (expected > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"IDX {kind} file '{path}' declares dimensions [{string.Join(", ", dims[..(d + 1)])}...] too large to load; the file is corrupt.");
            }
        }
        long found = bytes.Length - HeaderSize(rank);
        if (found != expected)
        {
            string shape = string.Join(" x ", dims);
            throw new InvalidDataException(found < expected
                ? $"IDX {kind} file '{path}' is truncated: its header declares {shape} = {expected} bytes of data but only {found} are present; download it again."
                : $"IDX {kind} file '{path}' has {found - expected} unexpected trailing bytes: its header declares {shape} = {expected} bytes of data but {found} are present.");
        }
        return dims;
    }
}
