// Checkpoints that parse as safetensors but cannot be a trained module are refused with the tensor's name: a batch
// counter stored as a float or beyond int64, NaN or infinite weights, negative running variances, a missing entry.
namespace Engine.Tests.Checkpoints;

using System.Buffers.Binary;
using System.Text;
using Engine.Nn;
using Engine.Nn.Checkpoints;

public class CheckpointRefusalTests
{
    private const string Counter = "0.1.num_batches_tracked";
    private TempFolder _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TempFolder();

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>nn.Sequential(nn.Sequential(Conv2d(1,4,3), BatchNorm2d(4)), Linear(16,3)), as in ModuleCheckpointTests.</summary>
    private static Sequential Model() => new(new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4)), new Linear(16, 3));

    /// <summary>A valid checkpoint of <see cref="Model"/> with tensor <paramref name="name"/> replaced.</summary>
    private string SavedWith(string name, SafetensorsTensor replacement)
    {
        string path = _temp.File($"{Guid.NewGuid():N}.safetensors");
        Checkpoint.Save(Model(), path);
        var tensors = SafetensorsFile.Read(path).Tensors.Select(t => t.Name == name ? replacement : t).ToList();
        SafetensorsFile.Write(path, tensors);
        return path;
    }

    private static string Refused(string path, string tensor, params string[] fragments)
    {
        var model = Model();
        var before = model.Parameters().First().Value.ToArray();
        var error = Assert.Throws<SafetensorsFormatException>(() => Checkpoint.Load(model, path))!;
        Assert.That(error.TensorName, Is.EqualTo(tensor));
        Assert.That(error.Message, Does.Contain($"tensor '{tensor}'"));
        foreach (string fragment in fragments) Assert.That(error.Message, Does.Contain(fragment));
        Assert.That(model.Parameters().First().Value.ToArray(), Is.EqualTo(before), "nothing loaded");
        return error.Message;
    }

    [TestCase(SafetensorsDType.F64)]
    [TestCase(SafetensorsDType.C64)]
    [TestCase(SafetensorsDType.F32)]
    [TestCase(SafetensorsDType.BOOL)]
    public void CounterStoredAsANonIntegerIsRefused(SafetensorsDType dtype)
    {
        var bytes = new byte[dtype.ByteSize(1)!.Value];
        Refused(SavedWith(Counter, new SafetensorsTensor(Counter, dtype, [], bytes)), Counter, $"dtype {dtype}", "I64");
    }

    [Test]
    public void CounterBeyondInt64OrNegativeIsRefused()
    {
        var max = new SafetensorsTensor(Counter, SafetensorsDType.U64, [], Enumerable.Repeat((byte)0xFF, 8).ToArray());
        Refused(SavedWith(Counter, max), Counter, "18446744073709551615");
        Refused(SavedWith(Counter, SafetensorsTensor.FromLongs(Counter, [-5])), Counter, "-5", "cannot be negative");
        Refused(SavedWith(Counter, SafetensorsTensor.FromLongs(Counter, [1, 2], 2)), Counter, "single integer");
    }

    [Test]
    public void IntegerCountersOfOtherWidthsLoad()
    {
        var model = Model();
        Checkpoint.Load(model, SavedWith(Counter, SafetensorsTensor.FromInts(Counter, [7])));
        Assert.That(model.StateDict().Single(e => e.Name == Counter).Entry.Buffer!.Counter, Is.EqualTo(7));
    }

    [TestCase(float.NaN, "is NaN")]
    [TestCase(float.PositiveInfinity, "is Infinity")]
    [TestCase(float.NegativeInfinity, "is -Infinity")]
    public void NonFiniteWeightsAreRefused(float bad, string shown)
    {
        var values = new float[3 * 16];
        values[17] = bad;
        Refused(SavedWith("1.weight", SafetensorsTensor.FromFloats("1.weight", values, 3, 16)), "1.weight", "element 17 of 48 " + shown, "finite");
    }

    [Test]
    public void F64BeyondFloatRangeIsRefused()
    {
        var data = new byte[4 * 8];
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), 1e300);
        Refused(SavedWith("0.1.bias", new SafetensorsTensor("0.1.bias", SafetensorsDType.F64, [4], data)), "0.1.bias", "element 1 of 4");
    }

    [Test]
    public void NegativeRunningVarianceIsRefused()
    {
        var tensor = SafetensorsTensor.FromFloats("0.1.running_var", [1f, 1f, -0.5f, 1f], 4);
        Refused(SavedWith("0.1.running_var", tensor), "0.1.running_var", "negative variance -0.5");
        // A negative mean or bias is fine.
        Checkpoint.Load(Model(), SavedWith("0.1.running_mean", SafetensorsTensor.FromFloats("0.1.running_mean", [-1f, 0f, 0f, 0f], 4)));
    }

    [Test]
    public void AMissingHeaderEntryIsNamedNotReportedAsAGap()
    {
        string path = _temp.File("gap.safetensors");
        Checkpoint.Save(Model(), path);
        byte[] file = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = Encoding.UTF8.GetString(file, 8, headerLength);
        // Drop the counter's entry from the header but keep its 8 bytes: the data now has an undescribed gap.
        int start = header.IndexOf($"\"{Counter}\"", StringComparison.Ordinal);
        int end = header.IndexOf('}', start) + 1;
        string cut = header.Remove(start, end - start + (header[end] == ',' ? 1 : 0)).Replace(",}", "}");
        byte[] newHeader = Encoding.UTF8.GetBytes(cut.PadRight(headerLength));
        Array.Copy(newHeader, 0, file, 8, headerLength);
        File.WriteAllBytes(path, file);

        var gap = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Read(path))!;
        Assert.That(gap.Message, Does.Contain("gap of 8 bytes").And.Contain("entry is missing from the header"));
        Refused(path, Counter, $"missing tensors {Counter}");
    }
}
