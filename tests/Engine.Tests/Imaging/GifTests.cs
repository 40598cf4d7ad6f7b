// GIF: PIL reads our animations with the right size, frame count, delay, loop and pixels; a 200-frame
// 280x280 interpolation stays a few MB.
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class GifTests
{
    private const string DumpFrames =
        "import sys; from PIL import Image, ImageSequence\n"
        + "im = Image.open(sys.argv[1]); out = open(sys.argv[2], 'wb')\n"
        + "for f in ImageSequence.Iterator(im): out.write(f.convert('RGB').tobytes())\n"
        + "print(im.size[0], im.size[1], im.n_frames, im.info.get('duration'), im.info.get('loop'))";

    [Test]
    public void PilReadsGrayAnimationExactly()
    {
        Image[] frames = Enumerable.Range(0, 12)
            .Select(i => Image.FromFloats(TestImages.Blob(i / 11f), 28, 28).Scale(3)).ToArray();

        (string summary, byte[] pixels) = ReadWithPil(frames, delayMs: 40);

        Assert.That(summary, Is.EqualTo("84 84 12 40 0"));
        Assert.That(pixels, Is.EqualTo(frames.SelectMany(f => f.ToChannels(3).Pixels).ToArray()));
    }

    [Test]
    public void PilReadsColourAnimationWithFewColoursExactly()
    {
        Image[] frames = Enumerable.Range(0, 5).Select(i =>
        {
            var frame = new Image(50, 30, 3);
            frame.FillRectangle(0, 0, 50, 30, Palette.Tab10[i]);
            frame.FillRectangle(i * 8, 5, 12, 20, Palette.Tab10[(i + 3) % 10]);
            return frame;
        }).ToArray();

        (string summary, byte[] pixels) = ReadWithPil(frames, delayMs: 100);

        Assert.That(summary, Is.EqualTo("50 30 5 100 0"));
        Assert.That(pixels, Is.EqualTo(frames.SelectMany(f => f.Pixels).ToArray()));
    }

    [Test]
    public void ManyColoursAreQuantizedClosely()
    {
        Image frame = TestImages.Mixed(64, 48, 3); // thousands of distinct colours: median cut to 256

        (string summary, byte[] pixels) = ReadWithPil([frame, frame], delayMs: 500);

        Assert.That(summary, Does.StartWith("64 48 2 500"));
        double meanError = pixels.Take(frame.Pixels.Length).Zip(frame.Pixels, (a, b) => Math.Abs(a - b)).Average();
        Assert.That(meanError, Is.LessThan(20), "median cut should keep colours close on average");
    }

    [Test]
    public void LongInterpolationStaysSmall()
    {
        Image[] frames = Enumerable.Range(0, 200)
            .Select(i => Image.FromFloats(TestImages.Blob(i / 199f), 28, 28).Scale(10)).ToArray();

        string path = Path.Combine(ExternalTools.TempFolder("gif-long"), "interpolation.gif");
        string lastFrame = Path.Combine(Path.GetDirectoryName(path)!, "last.raw");
        Gif.Write(path, frames, delayMs: 50);
        long size = new FileInfo(path).Length;

        TestContext.Out.WriteLine($"200 frames of 280x280: {size / 1024} KiB");
        Assert.That(size, Is.LessThan(3 * 1024 * 1024));
        string summary = ExternalTools.RunPil(
            "import sys; from PIL import Image; im = Image.open(sys.argv[1]); n = im.n_frames; im.seek(n - 1); "
            + "open(sys.argv[2], 'wb').write(im.convert('L').tobytes()); print(im.size[0], im.size[1], n)", path, lastFrame);
        Assert.That(summary.Trim(), Is.EqualTo("280 280 200"));
        Assert.That(File.ReadAllBytes(lastFrame), Is.EqualTo(frames[^1].Pixels));
    }

    [Test]
    public void FramesMustMatchInSize()
    {
        Assert.Throws<ArgumentException>(() => Gif.Encode([new Image(4, 4, 1), new Image(5, 4, 1)]));
        Assert.Throws<ArgumentException>(() => Gif.Encode([]));
    }

    private static (string Summary, byte[] Pixels) ReadWithPil(Image[] frames, int delayMs)
    {
        string folder = ExternalTools.TempFolder("gif");
        string path = Path.Combine(folder, "ours.gif");
        string raw = Path.Combine(folder, "frames.raw");
        Gif.Write(path, frames, delayMs);
        string summary = ExternalTools.RunPil(DumpFrames, path, raw).Trim();
        return (summary, File.ReadAllBytes(raw));
    }
}
