// eval and report open and check the checkpoint before reading any data, and read only the test split: a broken
// checkpoint fails fast whatever the data, and a data folder whose training files are garbage does not matter.
namespace Engine.Tests.Cli;

using Engine.Models;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Data;

[NonParallelizable]
public class EvalOrderTests
{
    private TempFolder _temp = null!;
    private string _run = null!;
    private string _data = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = new TempFolder();
        _data = _temp.Folder("data");
        File.WriteAllBytes(Path.Combine(_data, "t10k-images-idx3-ubyte"), IdxFiles.Images(20, 28, 28));
        File.WriteAllBytes(Path.Combine(_data, "t10k-labels-idx1-ubyte"), IdxFiles.Labels(20));
        File.WriteAllText(Path.Combine(_data, "train-images-idx3-ubyte"), "not an IDX file: eval must never read it");
        File.WriteAllText(Path.Combine(_data, "train-labels-idx1-ubyte"), "not an IDX file either");
        _run = _temp.Folder("run");
        var config = new RunConfig { Model = "ae", Latent = 4, DataDir = _data, Threads = 1 };
        File.WriteAllText(Path.Combine(_run, "config.json"), config.ToJson());
        Checkpoint.Save(new Autoencoder(4, ImageShape.FashionMnist), Path.Combine(_run, "model.safetensors"));
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void EvalReadsOnlyTheTestSplit()
    {
        var (code, output, error) = CliTests.Run("eval", _run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("test bce"));
    }

    [TestCase("eval")]
    [TestCase("report")]
    [TestCase("sample")]
    public void ABrokenCheckpointFailsBeforeAnyData(string verb)
    {
        // The data folder is removed: a verb that read data first would complain about it, not about the checkpoint.
        Directory.Delete(_data, recursive: true);
        string model = Path.Combine(_run, "model.safetensors");
        var tensors = SafetensorsFile.Read(model).Tensors.ToList();
        int index = tensors.FindIndex(t => t.Name == "encoder.0.0.weight");
        tensors[index] = tensors[index] with { Data = NaNs(tensors[index].Data.Length) };
        SafetensorsFile.Write(model, tensors);

        var (code, _, error) = CliTests.Run(verb, _run);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("tensor 'encoder.0.0.weight'").And.Contain("finite").And.Not.Contain("Fashion-MNIST"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1), "one line, no stack trace");
    }

    private static byte[] NaNs(int bytes) =>
        Enumerable.Range(0, bytes / 4).SelectMany(_ => BitConverter.GetBytes(float.NaN)).ToArray();
}
