// PNG decoder against files written by PIL (adaptive filters, palette, 1-bit, gray+alpha) and by the
// fixture script with every filter type; expected pixels are PIL's own decoding (Fixtures/*.raw).
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class PngFixtureTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (string line in File.ReadAllLines(Fixtures.PathOf("fixtures.txt")).Where(l => l.Length > 0))
        {
            string[] parts = line.Split(' ');
            yield return new TestCaseData(parts[0], int.Parse(parts[1]), int.Parse(parts[2]), int.Parse(parts[3]))
                .SetName($"DecodesPilFixture({parts[0]})");
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void DecodesFixtureLikePil(string name, int width, int height, int channels)
    {
        Image image = Png.Read(Fixtures.PathOf(name + ".png"));

        Assert.That((image.Width, image.Height, image.Channels), Is.EqualTo((width, height, channels)));
        Assert.That(image.Pixels, Is.EqualTo(File.ReadAllBytes(Fixtures.PathOf(name + ".raw"))));
    }

    [Test]
    public void FixturesCoverAllFiveFilterTypes()
    {
        var seen = new int[5];
        foreach (string name in new[] { "filters-l", "filters-rgb", "filters-rgba", "pil-rgb", "pil-rgba" })
        {
            PngDecoder.Decode(File.ReadAllBytes(Fixtures.PathOf(name + ".png")), name, seen);
        }

        Assert.That(seen, Has.All.GreaterThan(0), $"rows per filter type: {string.Join(", ", seen)}");
    }

    [Test]
    public void SixteenBitPngIsRefusedByName()
    {
        var error = Assert.Throws<ImageFormatException>(() => Png.Read(Fixtures.PathOf("pil-16bit.png")));

        Assert.That(error!.Message, Does.Contain("bit depth 16").And.Contain("pil-16bit.png"));
    }
}
