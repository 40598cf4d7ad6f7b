// The fixture reader rejects bad input with a clear message: wrong magic, another format version, truncation, junk.
namespace Engine.Tests.Parity;

using System.Text;
using Engine.Tests.Testing;
using NUnit.Framework;

[TestFixture]
public sealed class FixtureFileTests
{
    [Test]
    public void ReadsTensorsAndScalars()
    {
        var file = FixtureFile.Read(new MemoryStream(Valid()), "valid");
        Assert.That(file.GetTensor("t").Dims, Is.EqualTo(new[] { 2 }));
        Assert.That(file.GetTensor("t").Values, Is.EqualTo(new[] { 1.5f, -2f }));
        Assert.That(file.GetScalars("s"), Is.EqualTo(new[] { 3.25 }));
    }

    [Test]
    public void RejectsBadMagic()
    {
        byte[] bytes = Valid();
        bytes[0] = (byte)'X';
        Assert.That(() => FixtureFile.Read(new MemoryStream(bytes), "bad"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("bad magic"));
    }

    [Test]
    public void RejectsOtherVersion()
    {
        byte[] bytes = Valid();
        bytes[7] = (byte)'2';
        Assert.That(() => FixtureFile.Read(new MemoryStream(bytes), "v02"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("version '02'"));
    }

    [Test]
    public void RejectsTruncatedAndTrailingBytes()
    {
        byte[] bytes = Valid();
        Assert.That(() => FixtureFile.Read(new MemoryStream(bytes[..^3]), "cut"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("truncated while reading entry 1 ('s')"));
        Assert.That(() => FixtureFile.Read(new MemoryStream([.. bytes, 0]), "junk"),
            Throws.TypeOf<InvalidDataException>().With.Message.Contains("1 unexpected bytes"));
    }

    [Test]
    public void CommittedFixturesLoad()
    {
        foreach (string name in new[] { "ops.bin", "optimizers.bin", "course_autoencoder.bin" })
        {
            Assert.That(FixtureFile.Torch(name).Names, Is.Not.Empty, name);
        }
    }

    /// <summary>A file with a tensor "t" = [1.5, -2] and a scalar list "s" = [3.25].</summary>
    private static byte[] Valid()
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        writer.Write(Encoding.ASCII.GetBytes("ENGFIX01"));
        writer.Write(2u);
        writer.Write((ushort)1);
        writer.Write((byte)'t');
        writer.Write((byte)1);
        writer.Write((byte)1);
        writer.Write(2);
        writer.Write(1.5f);
        writer.Write(-2f);
        writer.Write((ushort)1);
        writer.Write((byte)'s');
        writer.Write((byte)2);
        writer.Write(1);
        writer.Write(3.25);
        writer.Flush();
        return stream.ToArray();
    }
}
