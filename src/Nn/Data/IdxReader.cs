// Reads IDX files (the MNIST / Fashion-MNIST format), raw or gzip-compressed (detected by the magic bytes 1F 8B).
// Layout: magic (0x00, 0x00, dtype, rank), rank big-endian int32 dimensions, then the data. Only ubyte (0x08) data.
// Images (magic 0x00000803, N x rows x cols) become floats in [0, 1]; labels (0x00000801, N) become ints.
// A file may hold at most MaxBytes (after decompressing), checked while inflating, so a gzip bomb stops there.
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

    /// <summary>Largest IDX file read, raw or decompressed: 64 MiB (Fashion-MNIST's training images take 47 MB).</summary>
    public const int MaxBytes = 64 << 20;

    public static IdxImages ReadImages(string path) => ParseImages(ReadAllBytes(path), path);

    public static int[] ReadLabels(string path) => ParseLabels(ReadAllBytes(path), path);

    /// <summary>Images from a file's (decompressed) bytes; <paramref name="path"/> names it in errors.</summary>
    public static IdxImages ParseImages(byte[] bytes, string path)
    {
        int[] dims = ReadHeader(path, bytes, ImagesMagic, "images");
        int count = dims[0], rows = dims[1], cols = dims[2];
        if (rows == 0 || cols == 0)
        {
            throw new InvalidDataException($"IDX images file '{path}' declares {rows} x {cols} images; an image needs at least one pixel.");
        }
        ReadOnlySpan<byte> data = bytes.AsSpan(HeaderSize(3));
        var pixels = new float[(long)count * rows * cols];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = data[i] / 255f;
        }
        return new IdxImages(pixels, count, rows, cols);
    }

    /// <summary>Labels from a file's (decompressed) bytes; <paramref name="path"/> names it in errors.</summary>
    public static int[] ParseLabels(byte[] bytes, string path)
    {
        int[] dims = ReadHeader(path, bytes, LabelsMagic, "labels");
        ReadOnlySpan<byte> data = bytes.AsSpan(HeaderSize(1));
        var labels = new int[dims[0]];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = data[i];
        }
        return labels;
    }

    /// <summary>The file's bytes, decompressed if they start with the gzip magic 1F 8B; at most <see cref="MaxBytes"/>.</summary>
    public static byte[] ReadAllBytes(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"IDX file '{path}' does not exist.", path);
        }
        long length = new FileInfo(path).Length;
        if (length > MaxBytes)
        {
            throw TooLarge(path, $"is {length} bytes long");
        }
        return Decompress(File.ReadAllBytes(path), path);
    }

    /// <summary>The bytes as they are, or inflated if they start with the gzip magic 1F 8B; at most <see cref="MaxBytes"/>.</summary>
    public static byte[] Decompress(byte[] raw, string path)
    {
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }
        using var output = new MemoryStream();
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int n;
            while ((n = gzip.Read(buffer)) > 0 && output.Length <= MaxBytes)
            {
                output.Write(buffer, 0, n);
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // IOException covers ZLibException
        {
            throw new InvalidDataException(
                $"IDX file '{path}' starts like gzip (1F 8B) but does not decompress; the download is corrupt or truncated, fetch it again.", e);
        }
        if (output.Length > MaxBytes)
        {
            throw TooLarge(path, $"decompresses to more than {MaxBytes} bytes");
        }
        return output.ToArray();
    }

    private static InvalidDataException TooLarge(string path, string what) =>
        new($"IDX file '{path}' {what}, over the {MaxBytes >> 20} MiB this reader accepts; it is not a Fashion-MNIST file.");

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
