// The engine's cae-toy starting point for one seed (its Philox data split and both models' initial weights, drawn
// exactly as `engine train cae-toy --seed S` draws them), which bench/toy_torch.py --from-engine reads as JSON so PyTorch
// trains from the very same start. The dump is checked against the run's own start here; writing it is explicit:
//   TOY_DUMP_SEEDS=1,10 TOY_DUMP_DIR=/tmp/toy-dump dotnet test tests/Engine.Tests -c Release --filter Name~DumpToyStartingPoint
namespace Engine.Tests.Families.Toy;

using System.Text.Json;
using Engine.Models;
using Engine.Models.Training;
using Engine.Nn;

public class ToyTorchDumpTests
{
    [TestCase(1UL)]
    [TestCase(10UL)]
    public void TheDumpIsTheRunsStartingPoint(ulong seed)
    {
        var dump = StartingPoint(seed);
        var (experiment, data) = new RunDriver { Log = _ => { } }.Prepare(new RunConfig { Family = "cae-toy", Seed = seed });
        Assert.That(dump["train_points"], Is.EqualTo(data.Train.Images));
        Assert.That(dump["train_labels"], Is.EqualTo(data.Train.Labels));
        Assert.That(dump["test_points"], Is.EqualTo(data.Test.Images));
        Assert.That(dump["test_labels"], Is.EqualTo(data.Test.Labels));
        var run = experiment.Model.StateDict().ToDictionary(e => e.Name, e => e.Entry.Values!.ToArray());
        var dumped = new[] { "unconditional", "conditional" }
            .SelectMany(model => ((Dictionary<string, float[]>)dump[model]).Select(w => (Name: $"{model}.{w.Key}", w.Value)))
            .ToDictionary(w => w.Name, w => w.Value);
        Assert.That(dumped.Keys, Is.EquivalentTo(run.Keys));
        Assert.That(dumped.Where(w => !w.Value.SequenceEqual(run[w.Key])).Select(w => w.Key), Is.Empty, "weights that differ");
    }

    [Test]
    [Explicit("writes files for bench/toy_torch.py --from-engine")]
    public void DumpToyStartingPoint()
    {
        string dir = Environment.GetEnvironmentVariable("TOY_DUMP_DIR") ?? Path.Combine(Path.GetTempPath(), "toy-dump");
        var seeds = (Environment.GetEnvironmentVariable("TOY_DUMP_SEEDS") ?? "1").Split(',').Select(ulong.Parse);
        Directory.CreateDirectory(dir);
        foreach (ulong seed in seeds)
        {
            string file = Path.Combine(dir, $"toy-seed{seed}.json");
            File.WriteAllText(file, JsonSerializer.Serialize(StartingPoint(seed)));
            Assert.That(JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("train_points").GetArrayLength(),
                Is.EqualTo(((float[])StartingPoint(seed)["train_points"]).Length), file);
        }
    }

    /// <summary>The data split and both models' initial state dicts, drawn in the order RunDriver.Prepare draws them.</summary>
    private static Dictionary<string, object> StartingPoint(ulong seed)
    {
        var (train, test) = ToyData.Load(seed);
        Generator.ManualSeed(seed);                                       // as RunDriver.Prepare: then ToyPair's two models, in order
        var unconditional = new ToyAutoencoder(conditional: false);
        var conditional = new ToyAutoencoder(conditional: true);
        static Dictionary<string, float[]> Weights(Module m) => m.StateDict().ToDictionary(e => e.Name, e => e.Entry.Values!.ToArray());
        return new Dictionary<string, object>
        {
            ["train_points"] = train.Points, ["train_labels"] = train.Labels,
            ["test_points"] = test.Points, ["test_labels"] = test.Labels,
            ["unconditional"] = Weights(unconditional), ["conditional"] = Weights(conditional),
        };
    }
}
