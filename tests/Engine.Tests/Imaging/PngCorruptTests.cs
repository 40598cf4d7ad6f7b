// Corrupt PNG input gives an ImageFormatException whose message says what is wrong and where.
using System.Buffers.Binary;
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class PngCorruptTests
{
    private static byte[] ValidPng() => Png.Encode(TestImages.Mixed(20, 10, 3));

    private static string ErrorOf(byte[] data) =>
        Assert.Throws<ImageFormatException>(() => Png.Decode(data, "user.png"))!.Message;

    [Test]
    public void BadSignature()
    {
        byte[] data = ValidPng();
        data[1] = (byte)'J';

        Assert.That(ErrorOf(data), Does.Contain("user.png").And.Contain("bad signature"));
        Assert.That(ErrorOf("GIF89a not a png"u8.ToArray()), Does.Contain("not a PNG file"));
    }

    [Test]
    public void BadCrcNamesTheChunk()
    {
        byte[] data = ValidPng();
        data[8 + 8 + 13 + 4 + 8 + 3] ^= 0x55; // a byte inside IDAT's data

        Assert.That(ErrorOf(data), Does.Contain("chunk 'IDAT'").And.Contain("bad CRC"));
    }

    [TestCase(7)]
    [TestCase(20)]
    [TestCase(60)]
    public void TruncatedFile(int keep)
    {
        byte[] data = ValidPng()[..keep];

        Assert.That(ErrorOf(data), Does.Contain("truncated").Or.Contain("bad signature"));
    }

    [Test]
    public void TruncatedImageData()
    {
        var image = new Image(40, 40, 1);
        byte[] full = Png.Encode(image);
        byte[] half = Png.Encode(new Image(40, 20, 1));
        // Keep the 40x40 header but give it the 40x20 image data (with valid CRCs).
        byte[] data = [.. full[..33], .. half[33..]];

        Assert.That(ErrorOf(data), Does.Contain("image data is truncated").And.Contain("40x40"));
    }

    [Test]
    public void InterlacedPngIsRefusedByName()
    {
        Assert.That(ErrorOf(WithHeaderByte(12, 1)), Does.Contain("interlace method 1 (Adam7"));
    }

    [TestCase(16, 2, "bit depth 16")]
    [TestCase(4, 2, "bit depth 4 for colour type 2")]
    [TestCase(8, 5, "colour type 5 is invalid")]
    public void UnsupportedHeaderIsNamed(int bitDepth, int colorType, string expected)
    {
        byte[] data = WithHeaderByte(8, (byte)bitDepth);
        data[8 + 8 + 9] = (byte)colorType;
        FixHeaderCrc(data);

        Assert.That(ErrorOf(data), Does.Contain(expected));
    }

    [Test]
    public void MissingImageData()
    {
        byte[] valid = ValidPng();
        byte[] data = [.. valid[..33], .. valid[^12..]]; // signature + IHDR + IEND

        Assert.That(ErrorOf(data), Does.Contain("no IDAT"));
    }

    [Test]
    public void ReadNamesTheFile()
    {
        string path = Path.Combine(ExternalTools.TempFolder("corrupt"), "broken.png");
        File.WriteAllBytes(path, ValidPng()[..50]);

        var error = Assert.Throws<ImageFormatException>(() => Png.Read(path));

        Assert.That(error!.Message, Does.Contain("broken.png"));
    }

    // Changes IHDR data byte `index` (0-based within the 13 data bytes) and fixes the CRC so only that field is wrong.
    private static byte[] WithHeaderByte(int index, byte value)
    {
        byte[] data = ValidPng();
        data[8 + 8 + index] = value;
        FixHeaderCrc(data);
        return data;
    }

    private static void FixHeaderCrc(byte[] data) =>
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(8 + 8 + 13), Crc32.Compute(data.AsSpan(12, 4), data.AsSpan(16, 13)));
}
