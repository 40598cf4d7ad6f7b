// Malformed safetensors files: each defect gives a SafetensorsFormatException naming the file, the tensor and the problem.
using System.Buffers.Binary;
using System.Text;
using Engine.Nn.Checkpoints;
using NUnit.Framework;

namespace Engine.Tests.Checkpoints;

public class SafetensorsValidationTests
{
    private TempFolder _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempFolder();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>Writes u64 header length (or <paramref name="declaredLength"/>), the header bytes, then <paramref name="dataLength"/> bytes.</summary>
    private string Raw(byte[] header, int dataLength, ulong? declaredLength = null)
    {
        string path = _temp.File($"bad-{Guid.NewGuid():N}.safetensors");
        var bytes = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Raw(string header, int dataLength) => Raw(Encoding.UTF8.GetBytes(header), dataLength);

    private static SafetensorsFormatException Fails(string path, params string[] fragments)
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(path))!;
        Assert.That(error.Message, Does.Contain(path));
        foreach (string fragment in fragments)
        {
            Assert.That(error.Message, Does.Contain(fragment));
        }
        return error;
    }

    [Test]
    public void ValidMinimalFileReads()
    {
        var contents = SafetensorsFile.Read(Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8));
        Assert.That(contents.Tensors.Single().Shape, Is.EqualTo(new[] { 2 }));
        Assert.That(contents.Metadata, Is.Empty);
        Assert.That(contents["a"].ToFloats(), Is.EqualTo(new[] { 0f, 0f }));
        Assert.That(() => contents["b"], Throws.TypeOf<KeyNotFoundException>().With.Message.Contains("'b'").And.Message.Contains("a"));
    }

    [Test]
    public void ShorterThanEightBytes()
    {
        string path = _temp.File("short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.That(Fails(path, "3 bytes long", "truncated").TensorName, Is.Null);
    }

    [Test]
    public void HeaderLengthOverTheLimit() =>
        Fails(Raw(Encoding.UTF8.GetBytes("{}"), 0, declaredLength: 200_000_000), "200000000", "100000000-byte limit");

    [Test]
    public void HeaderLengthBeyondTheFile() =>
        Fails(Raw(Encoding.UTF8.GetBytes("{}"), 0, declaredLength: 64), "64 bytes but only 2 bytes follow", "truncated");

    [Test]
    public void InvalidJson() => Fails(Raw("{\"a\": {\"dtype\": ", 0), "not valid JSON");

    [Test]
    public void NotUtf8() => Fails(Raw([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], 0), "not valid UTF-8");

    [Test]
    public void HeaderNotAnObject() => Fails(Raw("[1, 2]", 0), "not an object");

    [Test]
    public void UnknownDtype()
    {
        var error = Fails(Raw("{\"w\":{\"dtype\":\"F33\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "'w'", "unknown dtype \"F33\"", "F32");
        Assert.That(error.TensorName, Is.EqualTo("w"));
    }

    [Test]
    public void NegativeDimension() =>
        Fails(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,0]}}", 0), "'w'", "negative dimension -2");

    [Test]
    public void NonIntegerDimension() =>
        Fails(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "'w'", "1.5", "not an integer");

    [Test]
    public void MissingDataOffsets() =>
        Fails(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "'w'", "no \"data_offsets\"");

    [Test]
    public void ByteSizeDiffersFromShape() =>
        Fails(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "'w'", "span 8 bytes", "needs 12");

    [Test]
    public void OffsetsEndBeforeTheyBegin() =>
        Fails(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", 8), "'w'", "end before they begin");

    [Test]
    public void OffsetsOutOfBounds() =>
        Fails(Raw("{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "'w'", "run past the end", "8 bytes");

    [Test]
    public void OverlappingOffsets() =>
        Fails(Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}," +
                  "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "'b'", "overlap", "'a'");

    [Test]
    public void GapBetweenTensors() =>
        Fails(Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
                  "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12), "'b'", "gap of 4 bytes", "'a'");

    [Test]
    public void GapAtTheStart() =>
        Fails(Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "'a'", "gap of 4 bytes", "start of the data buffer");

    [Test]
    public void DuplicateNames()
    {
        var error = Fails(Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}," +
                              "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "'a'", "appears twice");
        Assert.That(error.TensorName, Is.EqualTo("a"));
    }

    [Test]
    public void TrailingBytes() =>
        Fails(Raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 7), "3 trailing bytes");

    [Test]
    public void MetadataValueNotAString() =>
        Fails(Raw("{\"__metadata__\":{\"epoch\":3}}", 0), "'epoch'", "must be strings");

    [Test]
    public void TruncatedRealFileFailsCleanly()
    {
        string path = _temp.File("model.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromFloats("w", new float[64], 8, 8)], null);
        byte[] bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]);
        Fails(path, "'w'", "run past the end");
    }
}
