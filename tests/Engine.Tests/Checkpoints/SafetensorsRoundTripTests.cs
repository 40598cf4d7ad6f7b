// Safetensors writer: round trips, layout (sorted, padded, contiguous), dtype conversions and atomic replacement.
using System.Buffers.Binary;
using System.Text;
using Engine.Nn.Checkpoints;
using NUnit.Framework;

namespace Engine.Tests.Checkpoints;

public class SafetensorsRoundTripTests
{
    private static readonly Dictionary<string, string> PtMetadata = new() { ["format"] = "pt", ["model"] = "test" };

    [Test]
    public void RoundTripKeepsNamesShapesDtypesValuesAndMetadata()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        var tensors = new[]
        {
            SafetensorsTensor.FromFloats("encoder.0.weight", [1f, -2f, 3.5f, float.NaN, float.PositiveInfinity, 1e-30f], 2, 3),
            SafetensorsTensor.FromLongs("encoder.1.num_batches_tracked", [123456789012L]),
            SafetensorsTensor.FromInts("ints", [-1, 0, int.MaxValue], 3),
            SafetensorsTensor.FromFloats("empty", [], 0, 4),
            new SafetensorsTensor("mask", SafetensorsDType.BOOL, [3], [1, 0, 1]),
        };
        SafetensorsFile.Write(path, tensors, PtMetadata);
        var (read, metadata) = SafetensorsFile.Read(path);

        Assert.That(metadata, Is.EquivalentTo(PtMetadata));
        Assert.That(read.Select(t => t.Name), Is.EquivalentTo(tensors.Select(t => t.Name)));
        foreach (var original in tensors)
        {
            var copy = read.Single(t => t.Name == original.Name);
            Assert.That(copy.DType, Is.EqualTo(original.DType), original.Name);
            Assert.That(copy.Shape, Is.EqualTo(original.Shape), original.Name);
            Assert.That(copy.Data, Is.EqualTo(original.Data), original.Name);
        }
        Assert.That(read.Single(t => t.Name == "encoder.1.num_batches_tracked").ToLongs(), Is.EqualTo(new[] { 123456789012L }));
        Assert.That(read.Single(t => t.Name == "encoder.1.num_batches_tracked").Shape, Is.Empty);
    }

    [Test]
    public void LayoutIsSortedByAlignmentThenNamePaddedAndContiguous()
    {
        using var temp = new TempFolder();
        string path = temp.File("layout.safetensors");
        SafetensorsFile.Write(path,
        [
            SafetensorsTensor.FromFloats("b", [1f], 1),
            new SafetensorsTensor("a", SafetensorsDType.U8, [1], [7]),
            SafetensorsTensor.FromLongs("c", [5L], 1),
            SafetensorsTensor.FromFloats("a32", [2f], 1),
        ], null);
        byte[] bytes = File.ReadAllBytes(path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);

        Assert.That(headerLength % 8, Is.Zero, "header padded to a multiple of 8");
        Assert.That(header.TrimEnd(' '), Does.EndWith("}"));
        Assert.That(header, Does.StartWith("{\"__metadata__\":{\"format\":\"pt\"},"), "format: pt is always written");
        Assert.That(SafetensorsFile.Read(path).Tensors.Select(t => t.Name), Is.EqualTo(new[] { "c", "a32", "b", "a" }));
        Assert.That(header, Does.Contain("\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}"));
        Assert.That(bytes.Length, Is.EqualTo(8 + (int)headerLength + 8 + 4 + 4 + 1));
    }

    [Test]
    public void RewritingTheTorchFixtureReproducesItByteForByte()
    {
        using var temp = new TempFolder();
        string fixture = SafetensorsTorchInteropTests.FixturePath("torch_sequential.safetensors");
        var (tensors, metadata) = SafetensorsFile.Read(fixture);
        string copy = temp.File("copy.safetensors");
        SafetensorsFile.Write(copy, tensors, metadata);
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(File.ReadAllBytes(fixture)));
    }

    [Test]
    public void ToFloatsWidensHalfBFloatAndDouble()
    {
        var half = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(half, (Half)0.5f);
        BinaryPrimitives.WriteHalfLittleEndian(half.AsSpan(2), (Half)(-65504f));
        var bf16 = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bf16, (ushort)(BitConverter.SingleToInt32Bits(-3.140625f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bf16.AsSpan(2), (ushort)(BitConverter.SingleToInt32Bits(1f) >> 16));
        var f64 = new byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(f64, 1.0 / 3.0);

        Assert.That(new SafetensorsTensor("h", SafetensorsDType.F16, [2], half).ToFloats(), Is.EqualTo(new[] { 0.5f, -65504f }));
        Assert.That(new SafetensorsTensor("b", SafetensorsDType.BF16, [2], bf16).ToFloats(), Is.EqualTo(new[] { -3.140625f, 1f }));
        Assert.That(new SafetensorsTensor("d", SafetensorsDType.F64, [1], f64).ToFloats(), Is.EqualTo(new[] { 1f / 3f }));
        var error = Assert.Throws<InvalidOperationException>(() => SafetensorsTensor.FromLongs("n", [1L], 1).ToFloats());
        Assert.That(error!.Message, Does.Contain("'n'").And.Contain("ToLongs"));
    }

    [Test]
    public void DtypeSizesFollowTheSpec()
    {
        Assert.That(SafetensorsDType.F32.ElementSize(), Is.EqualTo(4));
        Assert.That(SafetensorsDType.BF16.ElementSize(), Is.EqualTo(2));
        Assert.That(SafetensorsDType.I64.ElementSize(), Is.EqualTo(8));
        Assert.That(SafetensorsDType.BOOL.ElementSize(), Is.EqualTo(1));
        Assert.That(SafetensorsDType.F8_E4M3.ElementSize(), Is.EqualTo(1));
        Assert.That(SafetensorsDType.F4.ByteSize(4), Is.EqualTo(2UL));
        Assert.That(SafetensorsDType.F4.ByteSize(3), Is.Null);
        Assert.That(SafetensorsDTypeInfo.TryParse("f32", out _), Is.False, "dtype names are case-sensitive");
        Assert.That(SafetensorsDTypeInfo.TryParse("F6_E2M3", out var f6) && f6 == SafetensorsDType.F6_E2M3, Is.True);
    }

    [Test]
    public void FailedWriteLeavesTheOldFileIntactAndNoTemporaryFile()
    {
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromFloats("w", [1f, 2f], 2)], PtMetadata);
        byte[] before = File.ReadAllBytes(path);

        var bad = new SafetensorsTensor("w", SafetensorsDType.F32, [3], new byte[8]);
        var error = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, [bad], PtMetadata));
        Assert.That(error!.Message, Does.Contain("'w'").And.Contain("needs 12 bytes").And.Contain("has 8"));

        var ioError = Assert.Throws<IOException>(() => SafetensorsFile.WriteAtomically(path, stream =>
        {
            stream.Write(new byte[1000]);
            throw new IOException("simulated: disk full");
        }));
        Assert.That(ioError!.Message, Does.Contain("disk full"));

        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
        Assert.That(Directory.GetFiles(temp.Path), Is.EqualTo(new[] { path }), "no temporary file left behind");
    }

    [Test]
    public void WriteRejectsDuplicateAndReservedNames()
    {
        using var temp = new TempFolder();
        string path = temp.File("x.safetensors");
        var duplicate = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path,
            [SafetensorsTensor.FromFloats("w", [1f], 1), SafetensorsTensor.FromFloats("w", [2f], 1)], null));
        Assert.That(duplicate!.Message, Does.Contain("'w'").And.Contain("unique"));
        var reserved = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path,
            [SafetensorsTensor.FromFloats("__metadata__", [1f], 1)], null));
        Assert.That(reserved!.Message, Does.Contain("reserved"));
        var shape = Assert.Throws<ArgumentException>(() => SafetensorsTensor.FromFloats("s", [1f, 2f], 3));
        Assert.That(shape!.Message, Does.Contain("'s'").And.Contain("3 elements").And.Contain("2 values"));
        Assert.That(File.Exists(path), Is.False);
    }
}
