// Property tests of the IDX reader: random image and label files round-trip (raw and gzip), and random damage to them
// is read or refused with an InvalidDataException, never another exception.
namespace Engine.Tests.Properties;

using CsCheck;
using Engine.Nn.Data;
using Engine.Tests.Data;

public class IdxProperties
{
    [Test]
    public void RandomFilesRoundTrip() =>
        Property.ForAll(Gen.Select(Gen.Int[0, 12], Gen.Int[1, 6], Gen.Int[1, 6], Gen.Bool), 3000, seed: 3, shape =>
        {
            var (count, rows, cols, gzip) = shape;
            byte[] images = IdxFiles.Images(count, rows, cols), labels = IdxFiles.Labels(count);
            if (gzip) (images, labels) = (IdxFiles.Gzip(images), IdxFiles.Gzip(labels));
            var read = IdxReader.ParseImages(IdxReader.Decompress(images, "images"), "images");
            Assert.That((read.Count, read.Rows, read.Cols), Is.EqualTo((count, rows, cols)));
            byte[] raw = IdxFiles.Images(count, rows, cols);
            Assert.That(read.Pixels, Is.EqualTo(raw.Skip(16).Select(b => b / 255f).ToArray()));
            Assert.That(IdxReader.ParseLabels(IdxReader.Decompress(labels, "labels"), "labels"),
                Is.EqualTo(Enumerable.Range(0, count).Select(i => i % 10).ToArray()));
        });

    [TestCase(false)]
    [TestCase(true)]
    public void DamagedFilesAreReadOrRefused(bool gzip)
    {
        byte[] images = IdxFiles.Images(5, 4, 3), labels = IdxFiles.Labels(5);
        if (gzip) (images, labels) = (IdxFiles.Gzip(images), IdxFiles.Gzip(labels));
        var damaged = Gen.Select(Property.Mutations(images), Property.Mutations(labels));
        Property.ForAll(damaged, 2000, seed: 5, pair =>
        {
            Refused(() => IdxReader.ParseImages(IdxReader.Decompress(pair.Item1, "images"), "images"), "images");
            Refused(() => IdxReader.ParseLabels(IdxReader.Decompress(pair.Item2, "labels"), "labels"), "labels");
        }, pair => Property.Hex(pair.Item1) + " / " + Property.Hex(pair.Item2));
    }

    private static void Refused(Action read, string name)
    {
        try
        {
            read();
        }
        catch (InvalidDataException e)
        {
            Assert.That(e.Message, Does.Contain($"'{name}'"));
        }
    }
}
