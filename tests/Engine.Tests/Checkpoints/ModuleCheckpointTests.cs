// Module checkpoints: PyTorch state-dict names both ways, exact round trips, and all-or-nothing loading.
namespace Engine.Tests.Checkpoints;

using Engine.Models;
using Engine.Nn;
using Engine.Nn.Checkpoints;

public class ModuleCheckpointTests
{
    /// <summary>Our twin of the fixture's nn.Sequential(nn.Sequential(Conv2d(1,4,3), BatchNorm2d(4)), Linear(16,3)).</summary>
    private static Sequential FixtureTwin() =>
        new(new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4)), new Linear(16, 3));

    [Test]
    public void TorchStateDictLoadsIntoTheSameModuleTree()
    {
        var model = FixtureTwin();
        var path = SafetensorsTorchInteropTests.FixturePath("torch_sequential.safetensors");
        Checkpoint.Load(model, path);
        var contents = SafetensorsFile.Read(path);
        foreach (var (name, entry) in model.StateDict())
        {
            if (entry.Values is { } values)
            {
                Assert.That(values.ToArray(), Is.EqualTo(contents[name].ToFloats()), name);
            }
            else
            {
                Assert.That(entry.Buffer!.Counter, Is.EqualTo(3L), name);
            }
        }
    }

    [Test]
    public void ModuleSavedHereLoadsInTorch()
    {
        Generator.ManualSeed(4);
        var model = FixtureTwin();
        using (NoGrad.Scope())
        {
            model[0].Forward(Tensor.RandN(new Shape(3, 1, 4, 4)).Sigmoid()).Dispose();   // moves the running statistics
        }
        using var temp = new TempFolder();
        string path = temp.File("model.safetensors");
        Checkpoint.Save(model, path, new Dictionary<string, string> { ["model"] = "twin" });
        Assert.That(SafetensorsFile.Read(path).Metadata["format"], Is.EqualTo("pt"));
        SafetensorsTorchInteropTests.CheckInTorch(path, withModel: true);
    }

    [Test]
    public void AutoencoderRoundTripsExactly()
    {
        Generator.ManualSeed(5);
        var model = new Autoencoder(6, ImageShape.FashionMnist);
        model.Encoder.Forward(Tensor.RandU(new Shape(2, 1, 28, 28)));                 // a training-mode step of BN
        using var temp = new TempFolder();
        string path = temp.File("ae.safetensors");
        Checkpoint.Save(model, path);

        Generator.ManualSeed(6);
        var loaded = new Autoencoder(6, ImageShape.FashionMnist);
        Checkpoint.Load(loaded, path);
        var expected = model.StateDict().ToList();
        Assert.That(expected.Single(e => e.Name == "encoder.encoder.0.1.num_batches_tracked").Entry.Buffer!.Counter, Is.EqualTo(1L));
        var actual = loaded.StateDict().ToList();
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.That(actual[i].Name, Is.EqualTo(expected[i].Name));
            if (expected[i].Entry.Values is { } values)
                Assert.That(actual[i].Entry.Values!.ToArray(), Is.EqualTo(values.ToArray()), expected[i].Name);
            else
                Assert.That(actual[i].Entry.Buffer!.Counter, Is.EqualTo(expected[i].Entry.Buffer!.Counter), expected[i].Name);
        }
    }

    [Test]
    public void WrongArchitectureIsRejectedWithoutChangingTheModel()
    {
        var small = new Autoencoder(6, ImageShape.FashionMnist);
        using var temp = new TempFolder();
        string path = temp.File("ae6.safetensors");
        Checkpoint.Save(small, path);
        var other = new Autoencoder(8, ImageShape.FashionMnist);
        var before = other.Encoder.Parameters().First().Value.ToArray();
        var error = Assert.Throws<SafetensorsFormatException>(() => Checkpoint.Load(other, path));
        Assert.That(error!.Message, Does.Contain("shape").And.Contain("encoder.6.weight"));
        Assert.That(other.Encoder.Parameters().First().Value.ToArray(), Is.EqualTo(before), "nothing loaded");
    }

    [Test]
    public void UnknownAndMissingNamesAreListed()
    {
        var model = FixtureTwin();
        using var temp = new TempFolder();
        string path = temp.File("other.safetensors");
        SafetensorsFile.Write(path, [SafetensorsTensor.FromFloats("decoder.weight", [1f, 2f], 2)]);
        var error = Assert.Throws<SafetensorsFormatException>(() => Checkpoint.Load(model, path));
        Assert.That(error!.Message, Does.Contain("unknown tensors decoder.weight").And.Contain("missing tensors 0.0.weight"));
    }
}
