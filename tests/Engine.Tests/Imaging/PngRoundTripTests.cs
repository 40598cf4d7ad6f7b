// PNG: our decoder reads what our encoder writes bit for bit, and PIL reads our files with the same pixels.
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class PngRoundTripTests
{
    [TestCase(1, 1, 1)]
    [TestCase(1, 17, 5)]
    [TestCase(3, 13, 7)]
    [TestCase(4, 31, 9)]
    [TestCase(3, 64, 64)]
    public void DecoderReadsEncoderOutputBitForBit(int channels, int width, int height)
    {
        Image image = TestImages.Mixed(width, height, channels);

        Image decoded = Png.Decode(Png.Encode(image));

        Assert.That((decoded.Width, decoded.Height, decoded.Channels), Is.EqualTo((width, height, channels)));
        Assert.That(decoded.Pixels, Is.EqualTo(image.Pixels));
    }

    [Test]
    public void EveryFilterTypeRoundTrips([Range(0, 4)] int filter, [Values(1, 3, 4)] int channels)
    {
        Image image = TestImages.Mixed(23, 11, channels);
        var seen = new int[5];

        Image decoded = PngDecoder.Decode(PngEncoder.Encode(image, filter), "forced", seen);

        Assert.That(seen[filter], Is.EqualTo(11));
        Assert.That(decoded.Pixels, Is.EqualTo(image.Pixels));
    }

    [Test]
    public void FloatsAreClampedAndPlanarChannelsInterleaved()
    {
        float[] values = [-1f, 0.5f, 2f, float.NaN, /* G */ 0f, 0f, 0f, 1f, /* B */ 1f, 1f, 1f, 1f];

        Image image = Image.FromFloats(values, 2, 2, channels: 3);

        Assert.That(image.Pixels, Is.EqualTo(new byte[] { 0, 0, 255, 128, 0, 255, 255, 0, 255, 0, 255, 255 }));
        Assert.That(Image.FromFloats([0.25f], 1, 1, invert: true).Pixels[0], Is.EqualTo(191));
    }

    [TestCase(1, "L")]
    [TestCase(3, "RGB")]
    [TestCase(4, "RGBA")]
    public void PilReadsOurPngWithTheSamePixels(int channels, string mode)
    {
        string folder = ExternalTools.TempFolder("png-pil");
        string path = Path.Combine(folder, "ours.png");
        string rawPath = Path.Combine(folder, "pil.raw");
        Image image = TestImages.Mixed(45, 23, channels);
        Png.Write(path, image);

        string output = ExternalTools.RunPil(
            "import sys; from PIL import Image; im = Image.open(sys.argv[1]); im.load(); "
            + "open(sys.argv[2], 'wb').write(im.tobytes()); print(im.mode, im.size[0], im.size[1])",
            path, rawPath);

        Assert.That(output.Trim(), Is.EqualTo($"{mode} 45 23"));
        Assert.That(File.ReadAllBytes(rawPath), Is.EqualTo(image.Pixels));
    }
}
