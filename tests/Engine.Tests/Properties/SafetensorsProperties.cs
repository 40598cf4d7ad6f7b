// Property tests of the safetensors reader and checkpoint loader: random files round-trip exactly, and random damage
// to a real checkpoint gives either a clean load or a SafetensorsFormatException, never another exception.
namespace Engine.Tests.Properties;

using CsCheck;
using Engine.Nn;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;

public class SafetensorsProperties
{
    private static readonly Gen<string> Text = Gen.String[Gen.Char["ab._-0é\"\\/ \u0001\u4e2d"], 0, 12];

    private static readonly Gen<SafetensorsTensor> Tensor =
        Gen.Select(Gen.Enum<SafetensorsDType>(), Gen.Int[0, 4].Array[0, 3], Text, (dtype, shape, name) =>
        {
            long count = shape.Aggregate(1L, (a, d) => a * d);
            if (dtype.ByteSize((ulong)count) is null) shape = [.. shape, 8];
            return (dtype, shape, name);
        }).SelectMany(t => Gen.Byte.Array[(int)t.dtype.ByteSize((ulong)t.shape.Aggregate(1L, (a, d) => a * d))!.Value],
            (t, data) => new SafetensorsTensor(t.name, t.dtype, t.shape, data));

    private static readonly Gen<(SafetensorsTensor[] Tensors, Dictionary<string, string> Metadata)> Files =
        Gen.Select(Tensor.Array[0, 5], Gen.Select(Text, Text).Array[0, 3], (tensors, pairs) =>
        (
            tensors.Select((t, i) => t with { Name = $"{i}{t.Name}" }).ToArray(),   // unique, never "__metadata__"
            pairs.GroupBy(p => p.Item1).ToDictionary(g => g.Key, g => g.First().Item2)
        ));

    [Test]
    public void RandomFilesRoundTrip()
    {
        Property.ForAll(Files, 3000, seed: 20261201, file =>
        {
            using var stream = new MemoryStream();
            SafetensorsFile.Write(stream, file.Tensors, file.Metadata);
            var back = SafetensorsFile.Read(stream, "round-trip.safetensors");
            Assert.That(back.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal),
                Is.EqualTo(file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal)));
            foreach (var tensor in file.Tensors)
            {
                var read = back[tensor.Name];
                Assert.That((read.DType, read.Shape, read.Data), Is.EqualTo((tensor.DType, tensor.Shape, tensor.Data)));
            }
            foreach (var (key, value) in file.Metadata) Assert.That(back.Metadata[key], Is.EqualTo(value));
        }, file => string.Join("; ", file.Tensors.Select(t => $"{t.Name} {t.DType} [{string.Join(",", t.Shape)}]")));
    }

    [Test]
    public void DamagedCheckpointsLoadOrFailWithAFormatError()
    {
        using var temp = new TempFolder();
        string path = temp.File("valid.safetensors");
        Checkpoint.Save(Model(), path);
        byte[] valid = File.ReadAllBytes(path);
        var model = Model();
        Property.ForAll(Property.Mutations(valid), 4000, seed: 12, bytes =>
        {
            using var stream = new MemoryStream(bytes);
            try
            {
                SafetensorsFile.Read(stream, "damaged.safetensors");
            }
            catch (SafetensorsFormatException)
            {
            }
            try
            {
                Checkpoint.Load(model, stream, "damaged.safetensors");
            }
            catch (SafetensorsFormatException e)
            {
                Assert.That(e.Message, Does.StartWith("Invalid safetensors file 'damaged.safetensors'"));
            }
        }, Property.Hex);
    }

    private static Sequential Model() => new(new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2)), new Linear(4, 3));
}
