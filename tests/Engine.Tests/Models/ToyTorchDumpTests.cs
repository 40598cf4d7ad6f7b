// Writes the engine's cae-toy starting point for one seed (its Philox data split and both models' initial weights, drawn
// exactly as `engine train cae-toy --seed S` draws them) as JSON, for bench/toy_torch.py --from-engine: PyTorch then trains
// from the very same start. Explicit: runs only when named, e.g.
//   TOY_DUMP_SEEDS=1,10 TOY_DUMP_DIR=/tmp/toy-dump dotnet test tests/Engine.Tests -c Release --filter Name~DumpToyStartingPoint
namespace Engine.Tests.Models;

using System.Text.Json;
using Engine.Models;
using Engine.Nn;

public class ToyTorchDumpTests
{
    [Test]
    [Explicit("writes files for bench/toy_torch.py --from-engine")]
    public void DumpToyStartingPoint()
    {
        string dir = Environment.GetEnvironmentVariable("TOY_DUMP_DIR") ?? Path.Combine(Path.GetTempPath(), "toy-dump");
        var seeds = (Environment.GetEnvironmentVariable("TOY_DUMP_SEEDS") ?? "1").Split(',').Select(ulong.Parse);
        Directory.CreateDirectory(dir);
        foreach (ulong seed in seeds)
        {
            var (train, test) = ToyData.Load(seed);
            Generator.ManualSeed(seed);                                       // as RunDriver.Prepare: then ToyPair's two models, in order
            var unconditional = new ToyAutoencoder(conditional: false);
            var conditional = new ToyAutoencoder(conditional: true);
            Dictionary<string, float[]> Weights(Module m) => m.StateDict().ToDictionary(e => e.Name, e => e.Entry.Values!.ToArray());
            var dump = new Dictionary<string, object>
            {
                ["train_points"] = train.Points, ["train_labels"] = train.Labels,
                ["test_points"] = test.Points, ["test_labels"] = test.Labels,
                ["unconditional"] = Weights(unconditional), ["conditional"] = Weights(conditional),
            };
            File.WriteAllText(Path.Combine(dir, $"toy-seed{seed}.json"), JsonSerializer.Serialize(dump));
        }
    }
}
