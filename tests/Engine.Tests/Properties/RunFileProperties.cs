// Property tests of the run folder's text files: random configurations and metrics round-trip through config.json
// and metrics.csv, and random damage to them is read or refused with an InvalidDataException naming the file.
namespace Engine.Tests.Properties;

using System.Text;
using CsCheck;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Tests.Checkpoints;

public class RunFileProperties
{
    private static readonly Gen<float> Number = Gen.Int[-1_000_000, 1_000_000].Select(i => i / 1024f);
    private static readonly Gen<int?> Optional = Gen.Select(Gen.Bool, Gen.Int, (some, v) => some ? v : (int?)null);

    private static readonly Gen<RunConfig> Configs =
        Gen.Select(
            Gen.Select(Gen.OneOf(RunDriver.ModelNames.ToArray()), Gen.Int, Gen.Int, Gen.Int, Number, Gen.ULong, Optional, Optional),
            Gen.Select(Number, Number, Number, Number, Gen.Enum<Reduction>(), Gen.Enum<Reduction>(), Gen.Int, Gen.String[0, 20]),
                (a, b) => new RunConfig
                {
                    Family = a.Item1, Latent = a.Item2, Epochs = a.Item3, BatchSize = a.Item4, LearningRate = a.Item5, Seed = a.Item6,
                    Limit = a.Item7, TestLimit = a.Item8, Threads = b.Item7, DataDir = b.Item8, Device = b.Item8,
                }
                .With(new AutoencoderOptions { Noise = b.Item1, ReconstructionReduction = b.Item5 })
                .With(new SparseOptions { Beta = b.Item2, SparsityTarget = b.Item3 })
                .With(new VaeOptions { KlWeight = b.Item4, KlReduction = b.Item6 }));

    [Test]
    public void ConfigsRoundTrip() =>
        Property.ForAll(Configs, 3000, seed: 11, config => Assert.That(RunConfig.FromJson(config.ToJson(), "config.json"), Is.EqualTo(config)));

    [Test]
    public void DamagedConfigsAreReadOrRefused()
    {
        byte[] valid = Encoding.UTF8.GetBytes(new RunConfig { DataDir = "/data", Limit = 64 }.ToJson());
        Property.ForAll(Property.Mutations(valid), 3000, seed: 13, bytes =>
        {
            try
            {
                RunConfig.FromJson(Encoding.UTF8.GetString(bytes), "config.json");
            }
            catch (InvalidDataException e)
            {
                Assert.That(e.Message, Does.StartWith("config.json"));
            }
        }, Encoding.UTF8.GetString);
    }

    private static readonly Gen<(string[] Terms, (string Split, int Epoch, long Step, double[] Values)[] Rows)> Metrics =
        Gen.Int[1, 4].SelectMany(terms => Gen.Select(Gen.OneOf("step", "train", "test"), Gen.Int, Gen.Long, Gen.Double.Array[terms]).Array[0, 12],
            (terms, rows) => (Enumerable.Range(0, terms).Select(t => $"term{t}").ToArray(), rows));

    [Test]
    public void MetricsRoundTrip()
    {
        using var temp = new TempFolder();
        string path = temp.File("metrics.csv");
        Property.ForAll(Metrics, 1000, seed: 17, metrics =>
        {
            var log = MetricsLog.Create(path, metrics.Terms);
            foreach (var row in metrics.Rows) log.Write(row.Split, row.Epoch, row.Step, row.Values);
            foreach (var split in new[] { "step", "train", "test" })
            {
                var expected = metrics.Rows.Where(r => r.Split == split).Select(r => (r.Epoch, r.Step, r.Values)).ToList();
                var read = MetricsLog.Read(path, split);
                Assert.That(read.Select(r => (r.Epoch, r.Step)), Is.EqualTo(expected.Select(r => (r.Epoch, r.Step))));
                Assert.That(read.SelectMany(r => r.Values), Is.EqualTo(expected.SelectMany(r => r.Values)));
            }
        });
    }

    [Test]
    public void DamagedMetricsAreReadOrRefused()
    {
        using var temp = new TempFolder();
        string path = temp.File("metrics.csv");
        var log = MetricsLog.Create(path, ["total", "bce", "kl"]);
        for (int i = 0; i < 6; i++) log.Write(i % 3 == 0 ? "train" : "step", i / 3 + 1, i, [i * 0.5, 1.0 / (i + 1), -i]);
        byte[] valid = File.ReadAllBytes(path);
        Property.ForAll(Property.Mutations(valid), 2000, seed: 19, bytes =>
        {
            File.WriteAllBytes(path, bytes);
            try
            {
                MetricsLog.Read(path, "train");
            }
            catch (InvalidDataException e)
            {
                Assert.That(e.Message, Does.StartWith($"'{path}' line"));
            }
        }, Encoding.UTF8.GetString);
    }
}
