// Hostile PNGs: a tiny file declaring a huge image, a decompression bomb and broken zlib streams are refused with an
// ImageFormatException before any large allocation (at most MaxDecodedBytes, and only as data really inflates).
using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class PngLimitTests
{
    /// <summary>A PNG from an IHDR (8-bit, the given colour type) and one IDAT holding <paramref name="idat"/>, CRCs valid.</summary>
    internal static byte[] Build(int width, int height, int colorType, byte[] idat)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = (byte)colorType;
        Chunk(file, "IHDR", ihdr);
        Chunk(file, "IDAT", idat);
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        file.Write(word);
        byte[] typeBytes = Encoding.ASCII.GetBytes(type);
        file.Write(typeBytes);
        file.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeBytes, data));
        file.Write(word);
    }

    internal static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize)) zlib.Write(data);
        return output.ToArray();
    }

    private static (string Message, long Allocated) Refuse(byte[] png)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<ImageFormatException>(() => Png.Decode(png, "hostile.png"))!;
        return (error.Message, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Test]
    public void TinyFileDeclaringAHugeImageIsRefusedFromItsHeader()
    {
        byte[] png = Build(46000, 46000, 0, Zlib(new byte[100]));
        Assert.That(png, Has.Length.LessThan(100));
        var (message, allocated) = Refuse(png);
        Assert.That(message, Does.Contain("hostile.png").And.Contain("46000x46000").And.Contain("64 MiB limit"));
        Assert.That(allocated, Is.LessThan(1 << 20));
    }

    [Test]
    public void DeclaredSizeTheDataCannotHoldIsRefusedBeforeAnyPixels()
    {
        byte[] png = Build(4000, 4000, 0, Zlib(new byte[100]));     // 16 MB declared, 100 bytes of data (12 compressed)
        var (message, allocated) = Refuse(png);
        Assert.That(message, Does.Contain("truncated").And.Contain("16004000 bytes after inflating, more than its 12 compressed bytes can hold"));
        Assert.That(allocated, Is.LessThan(1 << 20));
    }

    [Test]
    public void TruncatedDataCostsTheOutputAndAConstant()
    {
        var noise = new byte[500_000];
        new Random(7).NextBytes(noise);                              // incompressible: 1,001,000 bytes declared, 500,000 present
        for (int row = 0; row < noise.Length; row += 1001) noise[row] = 0;   // each row's filter byte: none
        byte[] png = Build(1000, 1000, 0, Zlib(noise));
        var (message, allocated) = Refuse(png);
        Assert.That(message, Does.Contain("truncated").And.Contain("needs 1001000 bytes after inflating, got 500000"));
        Assert.That(allocated, Is.LessThan(1_000_000 + png.Length + (1 << 20)), "the output, the compressed data, a constant");
    }

    [Test]
    public void AnImageAtTheLimitCostsItsOutputAndAConstant()
    {
        // Issue 27: a valid 62 KB 4000 x 4000 RGBA PNG took 186 MiB to decode (the inflate buffer doubled up to the rows).
        byte[] png = Build(4000, 4000, 6, Zlib(new byte[4000 * (1 + 4000 * 4)]));
        Assert.That(png, Has.Length.LessThan(100_000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var image = Png.Decode(png, "large.png");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((4000, 4000, 4)));
        Assert.That(allocated, Is.LessThan(4000L * 4000 * 4 + png.Length + (1 << 20)), "the output, the compressed data, a constant");
    }

    [Test]
    public void DecompressionBombStopsAtTheLimit()
    {
        // 40 MB of zeros deflate to about 40 KB; the header claims far more rows than the limit allows.
        byte[] bomb = Zlib(new byte[40 << 20]);
        Assert.That(bomb, Has.Length.LessThan(100_000));
        var (message, allocated) = Refuse(Build(20000, 20000, 2, bomb));
        Assert.That(message, Does.Contain("over this reader's 64 MiB limit"));
        Assert.That(allocated, Is.LessThan(1 << 20));
        // Within the limit the decoder inflates only what the header needs, however much more the stream holds.
        var image = Png.Decode(Build(1000, 1000, 0, bomb), "zeros.png");
        Assert.That((image.Width, image.Height), Is.EqualTo((1000, 1000)));
    }

    [Test]
    public void BrokenZlibStreamsAreFormatErrors()
    {
        byte[] valid = Zlib(new byte[11 * 10]);
        foreach (byte[] idat in new[]
        {
            new byte[] { 0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF },                 // invalid block type
            new byte[] { 0x00, 0x00, 0x00, 0x00 },                             // bad zlib header
            valid[..^6],                                                       // cut inside the stream
            [.. valid[..2], 0x07, .. valid[3..]],                              // a reserved block type
        })
        {
            var (message, _) = Refuse(Build(10, 10, 0, idat));
            Assert.That(message, Does.Contain("hostile.png").And.Contain("IDAT").Or.Contain("truncated"));
        }
    }
}
