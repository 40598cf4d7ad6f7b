// IDX reading: the bundled Fashion-MNIST sample, raw vs gzip, and corrupt files with clear messages.
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;
using NUnit.Framework;

namespace Engine.Tests.Data;

public class IdxReaderTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempFolder();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    internal static string BundledSample() =>
        FashionMnist.FindRepositoryData() ?? throw new InconclusiveException("data/fashion-mnist not found above the test folder.");

    [Test]
    public void BundledSampleHasTenThousandImagesAndAThousandPerClass()
    {
        string folder = BundledSample();
        var images = IdxReader.ReadImages(Path.Combine(folder, "t10k-images-idx3-ubyte.gz"));
        int[] labels = IdxReader.ReadLabels(Path.Combine(folder, "t10k-labels-idx1-ubyte.gz"));

        Assert.That((images.Count, images.Rows, images.Cols), Is.EqualTo((10000, 28, 28)));
        Assert.That(images.Pixels, Has.Length.EqualTo(10000 * 28 * 28));
        Assert.That(images.Pixels.Min(), Is.EqualTo(0f));
        Assert.That(images.Pixels.Max(), Is.EqualTo(1f));
        Assert.That(labels, Has.Length.EqualTo(10000));
        Assert.That(labels.GroupBy(l => l).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())),
            Is.EqualTo(Enumerable.Range(0, 10).Select(k => (k, 1000))));
        Assert.That(labels[..3], Is.EqualTo(new[] { 9, 2, 1 }), "first test labels: Ankle boot, Pullover, Trouser");
    }

    [Test]
    public void RawAndGzipReadTheSame()
    {
        string gz = Path.Combine(BundledSample(), "t10k-labels-idx1-ubyte.gz");
        string raw = _temp.File("t10k-labels-idx1-ubyte");
        File.WriteAllBytes(raw, IdxReader.ReadAllBytes(gz));
        Assert.That(IdxReader.ReadLabels(raw), Is.EqualTo(IdxReader.ReadLabels(gz)));

        File.WriteAllBytes(_temp.File("img"), IdxFiles.Images(3, 4, 5));
        File.WriteAllBytes(_temp.File("img.gz"), IdxFiles.Gzip(IdxFiles.Images(3, 4, 5)));
        var a = IdxReader.ReadImages(_temp.File("img"));
        var b = IdxReader.ReadImages(_temp.File("img.gz"));
        Assert.That(a.Pixels, Is.EqualTo(b.Pixels));
        Assert.That((a.Count, a.Rows, a.Cols), Is.EqualTo((3, 4, 5)));
        Assert.That(a.Pixels[20 + 1], Is.EqualTo((7 + 1) / 255f), "image 1, pixel 1 = (1 * 7 + 1) / 255");
    }

    private string Write(string name, byte[] bytes)
    {
        string path = _temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void ThrowsWith(Action read, params string[] fragments)
    {
        var error = Assert.Catch<Exception>(() => read())!;
        foreach (string fragment in fragments)
        {
            Assert.That(error.Message, Does.Contain(fragment));
        }
    }

    [Test]
    public void WrongMagic()
    {
        byte[] bytes = IdxFiles.Images(2, 2, 2);
        bytes[0] = 0x50;
        string path = Write("bad", bytes);
        ThrowsWith(() => IdxReader.ReadImages(path), path, "not an IDX file", "0x00000803");
    }

    [Test]
    public void WrongDtype()
    {
        byte[] bytes = IdxFiles.Images(2, 2, 2);
        bytes[2] = 0x0D;
        string path = Write("float", bytes);
        ThrowsWith(() => IdxReader.ReadImages(path), "dtype 0x0D", "unsigned bytes (0x08)");
    }

    [Test]
    public void LabelsFileReadAsImages()
    {
        string path = Write("labels", IdxFiles.Labels(5));
        ThrowsWith(() => IdxReader.ReadImages(path), "0x00000801", "0x00000803", "swapped");
    }

    [Test]
    public void TruncatedData()
    {
        byte[] bytes = IdxFiles.Images(10, 28, 28);
        string path = Write("trunc.gz", IdxFiles.Gzip(bytes[..^100]));
        ThrowsWith(() => IdxReader.ReadImages(path), "truncated", "10 x 28 x 28 = 7840 bytes", "only 7740");
    }

    [Test]
    public void TruncatedHeader()
    {
        string path = Write("short", IdxFiles.Labels(5)[..6]);
        ThrowsWith(() => IdxReader.ReadLabels(path), "too short for its 8-byte header");
    }

    [Test]
    public void TrailingBytes()
    {
        string path = Write("long", [.. IdxFiles.Labels(5), 1, 2]);
        ThrowsWith(() => IdxReader.ReadLabels(path), "2 unexpected trailing bytes");
    }

    [Test]
    public void CorruptGzip()
    {
        byte[] gz = IdxFiles.Gzip(IdxFiles.Labels(1000));
        for (int i = 12; i < gz.Length - 8; i++)
        {
            gz[i] ^= 0x5A;
        }
        string path = Write("corrupt.gz", gz);
        ThrowsWith(() => IdxReader.ReadLabels(path), path, "does not decompress");
    }

    [Test]
    public void GzipTrailingBytesAreNamedAsInARawFile()
    {
        string path = Write("long.gz", IdxFiles.Gzip([.. IdxFiles.Labels(5), 1, 2]));
        ThrowsWith(() => IdxReader.ReadLabels(path), "2 unexpected trailing bytes", "5 = 5 bytes of data but 7 are present");
    }

    [Test]
    public void AGzipBombIsRefusedBeforeItsPeakExceedsTwiceTheDeclaredSize()
    {
        // Issue 27: a 1 MB gzip IDX peaked at 247 MB before it was refused. Declared: 60,000 images of 28 x 28 (47 MB); the
        // stream holds 100 MB of zeros after the header.
        byte[] header = IdxFiles.Header(IdxReader.ImagesMagic, 60000, 28, 28);
        byte[] bomb = IdxFiles.Gzip([.. header, .. new byte[100 << 20]]);
        Assert.That(bomb, Has.Length.LessThan(1 << 20));
        long declared = header.Length + 60000L * 28 * 28;
        long before = GC.GetAllocatedBytesForCurrentThread();
        ThrowsWith(() => IdxReader.Decompress(bomb, "bomb.gz"), "bomb.gz", "decompresses to more than");
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(2 * declared));
    }

    [Test]
    public void AGzipHeaderDeclaringMoreThanTheLimitIsRefusedFromTheHeader()
    {
        byte[] gz = IdxFiles.Gzip([.. IdxFiles.Header(IdxReader.ImagesMagic, 1_000_000, 28, 28), .. new byte[1000]]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        ThrowsWith(() => IdxReader.Decompress(gz, "huge.gz"), "huge.gz", "declares dimensions [1000000, 28, 28...]", "64 MiB");
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1 << 20));
    }

    [Test]
    public void MissingFile() =>
        ThrowsWith(() => IdxReader.ReadLabels(_temp.File("nope")), "does not exist");
}
