// Property tests of the PNG decoder: random images round-trip through our encoder, and random damage to PNGs (ours
// and PIL's palette, low-bit-depth and alpha fixtures, with CRCs repaired half the time so the damage reaches the
// pixels) decodes or fails with an ImageFormatException, never another exception.
namespace Engine.Tests.Properties;

using System.Buffers.Binary;
using CsCheck;
using Engine.Imaging;
using Engine.Tests.Imaging;

public class PngProperties
{
    private static readonly Gen<Image> Images =
        Gen.Select(Gen.Int[1, 24], Gen.Int[1, 24], Gen.OneOf(1, 3, 4), (w, h, c) => (w, h, c))
            .SelectMany(s => Gen.Byte.Array[s.w * s.h * s.c], (s, pixels) => new Image(s.w, s.h, s.c, pixels));

    [Test]
    public void RandomImagesRoundTrip() =>
        Property.ForAll(Images, 3000, seed: 7, image =>
        {
            var back = Png.Decode(Png.Encode(image));
            Assert.That((back.Width, back.Height, back.Channels), Is.EqualTo((image.Width, image.Height, image.Channels)));
            Assert.That(back.Pixels, Is.EqualTo(image.Pixels));
        }, image => $"{image.Width}x{image.Height}x{image.Channels}");

    [TestCase("pil-palette-alpha.png")]
    [TestCase("pil-1bit.png")]
    [TestCase("pil-gray-alpha.png")]
    [TestCase("filters-rgb.png")]
    [TestCase(null)]
    public void DamagedPngsDecodeOrFailWithAFormatError(string? fixture)
    {
        byte[] valid = fixture is null ? Png.Encode(new Image(9, 7, 4, Enumerable.Range(0, 9 * 7 * 4).Select(i => (byte)i).ToArray()))
            : File.ReadAllBytes(Fixtures.PathOf(fixture));
        var damaged = Gen.Select(Property.Mutations(valid), Gen.Bool, (bytes, repair) => repair ? RepairCrcs(bytes) : bytes);
        Property.ForAll(damaged, 1000, seed: 99, bytes =>
        {
            try
            {
                var image = Png.Decode(bytes, "damaged.png");
                Assert.That(image.Pixels, Has.Length.EqualTo(image.Width * image.Height * image.Channels));
            }
            catch (ImageFormatException e)
            {
                Assert.That(e.Message, Does.StartWith("damaged.png").Or.StartWith("PNG palette index"));
            }
        }, Property.Hex);
    }

    /// <summary>Recomputes every chunk's CRC that fits in the file, so the decoder looks past the CRC check.</summary>
    internal static byte[] RepairCrcs(byte[] bytes)
    {
        int offset = 8;
        while (offset + 12 <= bytes.Length)
        {
            uint length = BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(offset));
            if (length > bytes.Length - offset - 12) break;
            var crc = Crc32.Compute(bytes.AsSpan(offset + 4, 4), bytes.AsSpan(offset + 8, (int)length));
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(offset + 8 + (int)length), crc);
            offset += 12 + (int)length;
        }
        return bytes;
    }
}
