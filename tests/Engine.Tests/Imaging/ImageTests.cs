// Image basics: nearest-neighbour scaling, channel conversion, clipped pasting, argument checks.
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class ImageTests
{
    [Test]
    public void ScaleRepeatsEachPixelAsABlock()
    {
        var image = new Image(2, 1, 1, [10, 20]);

        Image scaled = image.Scale(2);

        Assert.That(scaled.Pixels, Is.EqualTo(new byte[] { 10, 10, 20, 20, 10, 10, 20, 20 }));
    }

    [Test]
    public void ChannelConversions()
    {
        var gray = new Image(1, 1, 1, [90]);
        var rgb = new Image(1, 1, 3, [10, 20, 31]);

        Assert.That(gray.ToChannels(4).Pixels, Is.EqualTo(new byte[] { 90, 90, 90, 255 }));
        Assert.That(rgb.ToChannels(1).Pixels, Is.EqualTo(new byte[] { 20 }));
        Assert.That(rgb.ToChannels(4).ToChannels(3).Pixels, Is.EqualTo(rgb.Pixels));
    }

    [Test]
    public void PasteClipsAtTheEdges()
    {
        var canvas = new Image(3, 3, 1);
        var patch = new Image(2, 2, 1, [1, 2, 3, 4]);

        canvas.Paste(patch, -1, 2);

        Assert.That(canvas.Pixels, Is.EqualTo(new byte[] { 0, 0, 0, 0, 0, 0, 2, 0, 0 }));
    }

    [Test]
    public void BadArgumentsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Image(0, 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Image(3, 3, 2));
        Assert.Throws<ArgumentException>(() => new Image(2, 2, 1, new byte[3]));
        Assert.Throws<ArgumentException>(() => Image.FromFloats(new float[5], 2, 2));
    }
}
