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

    /// <summary>
    /// The bytes as they are, or inflated if they start with the gzip magic 1F 8B; at most <see cref="MaxBytes"/>. A gzip
    /// file is inflated against its own header: the header first, then exactly the bytes its dimensions declare into one
    /// array of that size, then any surplus only counted; so a decompression bomb costs at most its declared size (itself
    /// at most MaxBytes) plus a 64 KiB buffer before it is refused, and a truncated one at most twice the bytes it has.
    /// </summary>
    public static byte[] Decompress(byte[] raw, string path)
    {
        if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
        {
            return raw;
        }
        byte[] result;
        long surplus;
        try
        {
            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            (result, surplus) = InflateDeclared(gzip, path);
        }
        catch (DeclaredTooLarge e)
        {
            throw new InvalidDataException(e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or IOException) // IOException covers ZLibException
        {
            throw new InvalidDataException(
                $"IDX file '{path}' starts like gzip (1F 8B) but does not decompress; the download is corrupt or truncated, fetch it again.", e);
        }
        if (surplus > 0)
        {
            int rank = result[3];
            var dims = Enumerable.Range(0, rank).Select(d => BinaryPrimitives.ReadInt32BigEndian(result.AsSpan(4 + 4 * d))).ToArray();
            long expected = result.Length - HeaderSize(rank);
            throw result.Length + surplus > MaxBytes
                ? TooLarge(path, $"decompresses to more than {MaxBytes} bytes")
                : new InvalidDataException($"IDX {(rank == 1 ? "labels" : "images")} file '{path}' has {surplus} unexpected trailing bytes: its " +
                    $"header declares {string.Join(" x ", dims)} = {expected} bytes of data but {expected + surplus} are present.");
        }
        return result;
    }

    /// <summary>
    /// The inflated header and the data it declares, and how many bytes follow them (counted, not kept, up to MaxBytes). A
    /// header that is not a ubyte IDX of rank 1 to 3 comes back alone (ReadHeader names its fault from those bytes); a
    /// stream that ends early comes back as far as it goes (ReadHeader reports the truncation).
    /// </summary>
    private static (byte[] Bytes, long Surplus) InflateDeclared(Stream gzip, string path)
    {
        var head = new byte[4];
        int got = gzip.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        if (got < 4 || head[0] != 0 || head[1] != 0 || head[2] != UnsignedByte || head[3] is 0 or > 3) return (head[..got], 0);
        var header = new byte[HeaderSize(head[3])];
        head.CopyTo(header, 0);
        got += gzip.ReadAtLeast(header.AsSpan(4), header.Length - 4, throwOnEndOfStream: false);
        if (got < header.Length) return (header[..got], 0);
        long declared = 1;
        for (int d = 0; d < head[3]; d++)
        {
            int dim = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d));
            if (dim < 0) return (header, 0);                                          // ReadHeader: a negative dimension
            declared *= dim;
            if (declared > MaxBytes - header.Length)
            {
                throw new DeclaredTooLarge(TooLarge(path, $"declares dimensions [{string.Join(", ", Enumerable.Range(0, d + 1)
                    .Select(i => BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * i))))}...] ({declared:N0}+ bytes of data)").Message);
            }
        }
        var bytes = new byte[header.Length + declared];
        header.CopyTo(bytes, 0);
        int read = header.Length + gzip.ReadAtLeast(bytes.AsSpan(header.Length), bytes.Length - header.Length, throwOnEndOfStream: false);
        if (read < bytes.Length) return (bytes[..read], 0);
        long surplus = 0;
        var scratch = new byte[1 << 16];
        int n;
        while (bytes.Length + surplus <= MaxBytes && (n = gzip.Read(scratch)) > 0) surplus += n;
        return (bytes, surplus);
    }

    /// <summary>A header declaring more than MaxBytes, thrown past the "does not decompress" handler.</summary>
    private sealed class DeclaredTooLarge(string message) : Exception(message);

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
