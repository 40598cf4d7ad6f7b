// Every family's own settings live in its options record (src/Models/Families/<Family>/<Family>Options.cs) and
// everything else is made from the records' tables (ExperimentRegistry.OptionTables): each field is a line, the
// defaults are the ones runs always had, a refused value names its option on the command line and in config.json, a
// config.json written before the records reads into them with the same values, and no source file outside a record's
// family folders names one of its settings. AaeOptionsTests holds the adversarial AEs' record to the same.
namespace Engine.Tests.Families;

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Cli;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Tests.Cli;

public partial class FamilyOptionsTests
{
    /// <summary>A cvae run's config.json as train wrote it before the records (flat keys, today's order), every family setting off its default.</summary>
    private const string OldConfig = """
        {
          "model": "cvae", "recipe": "engine", "latent": 2, "epochs": 3, "batch-size": 32, "learning-rate": 0.002,
          "learning-rate-schedule": "constant", "seed": 7, "device": "cpu", "dataset": "mnist", "data-dir": null,
          "limit": 64, "test-limit": null, "noise": 0.25, "beta": 0.02, "sparsity-target": 0.1, "weight-decay": 0.001,
          "kl-weight": 0.5, "reconstruction-reduction": "sum", "kl-reduction": "mean", "threads": 2, "checkpoint-every": 50,
          "class": 3, "factor": 4, "judge": "/runs/judge"
        }
        """;

    /// <summary>The records <see cref="OldConfig"/> holds.</summary>
    private static readonly object[] OldRecords =
    [
        new AutoencoderOptions { Noise = 0.25f, ReconstructionReduction = Reduction.Sum },
        new SparseOptions { Beta = 0.02f, SparsityTarget = 0.1f },
        new VaeOptions { KlWeight = 0.5f, KlReduction = Reduction.Mean },
        new CvaeOptions { Class = 3, Judge = "/runs/judge" },
        new SuperResolutionOptions { Factor = 4 },
    ];

    /// <summary>Each setting's default as runs always had it (RunConfig's before the records).</summary>
    private static readonly object[] Defaults =
    [
        new AutoencoderOptions { Noise = 0.3f, ReconstructionReduction = Reduction.Mean },
        new SparseOptions { Beta = 1e-3f, SparsityTarget = 0.05f },
        new VaeOptions { KlWeight = 0.005f, KlReduction = Reduction.BatchMean },
        new CvaeOptions { Class = 0, Judge = null },
        new SuperResolutionOptions { Factor = 2 },
        new PcaOptions { Components = null, Variance = null },
    ];

    /// <summary>A value each setting refuses, as config.json writes it, and the message's rule.</summary>
    private static readonly Dictionary<string, (string Json, string Rule)> Refused = new()
    {
        ["noise"] = ("-1", "must be a finite number >= 0; got -1"),
        ["reconstruction-reduction"] = ("\"median\"", ""),                     // not a value of its type: the file is malformed
        ["beta"] = ("-0.5", "must be a finite number >= 0; got -0.5"),
        ["sparsity-target"] = ("1", "must be in (0, 1); got 1"),
        ["kl-weight"] = ("-1", "must be a finite number >= 0; got -1"),
        ["kl-reduction"] = ("\"none\"", ""),
        ["class"] = ("12", "must be a class of fashion, 0..9; got 12"),
        ["judge"] = ("3", ""),
        ["factor"] = ("3", "must be 2 or 4 (the super-resolution factors: 14 x 14 or 7 x 7 in); got 3"),
        ["components"] = ("0", "must be a positive integer; got 0"),
        ["variance"] = ("1.5", "must be in (0, 1]; got 1.5"),
    };

    private static IEnumerable<IFamilyOptionTable> NewTables => ExperimentRegistry.OptionTables.Where(t => t.Record != typeof(AaeOptions));

    private static IEnumerable<string> NewKeys() => NewTables.SelectMany(t => t.Lines).Select(l => l.Key);

    [Test]
    public void EveryFieldOfEveryRecordIsOneLineOfItsTable()
    {
        foreach (var table in ExperimentRegistry.OptionTables)
        {
            var properties = table.Record.GetProperties().Where(p => p.CanWrite).Select(p => JsonNamingPolicy.KebabCaseLower.ConvertName(p.Name));
            Assert.That(table.Lines.Select(l => l.Key), Is.EquivalentTo(properties), $"{table.Record.Name}: a property without a line has no --key, check or help");
            foreach (var line in table.Lines)
            {
                Assert.That(line.Families, Is.Not.Empty.And.SubsetOf(ExperimentRegistry.Names), line.Key);
                foreach (string family in line.Families) Assert.That(ExperimentRegistry.Find(family).Settings, Does.Contain(line.Key), family);
            }
        }
        var keys = ExperimentRegistry.OptionTables.SelectMany(t => t.Lines).Select(l => l.Key).ToList();
        Assert.That(keys, Is.Unique, "a key is one setting of one record");
        Assert.That(keys.Intersect(ExperimentFamily.CommonSettings.Append("weight-decay")), Is.Empty, "and not one of RunConfig's");
        Assert.That(Refused.Keys, Is.EquivalentTo(NewKeys()));
        Assert.That(Defaults.Select(d => d.GetType()), Is.EquivalentTo(NewTables.Select(t => t.Record)));
    }

    [Test]
    public void TheDefaultsAreTheOnesRunsAlwaysHad()
    {
        foreach (var expected in Defaults) Assert.That(Activator.CreateInstance(expected.GetType()), Is.EqualTo(expected));
        var vae = TrainCommand.ConfigFor("vae")!;
        var cvae = TrainCommand.ConfigFor("cvae")!;
        Assert.That((vae.Autoencoder.Noise, vae.Vae.KlWeight, vae.Vae.KlReduction), Is.EqualTo((0.3f, 0.005f, Reduction.BatchMean)));
        Assert.That((cvae.Vae.KlWeight, cvae.Cvae.Class, cvae.Cvae.Judge), Is.EqualTo((0.02f, 0, (string?)null)), "cvae's engine KL weight");
        Assert.That(TrainCommand.ConfigFor("sparse-kl")!.Sparse, Is.EqualTo(new SparseOptions()));
        Assert.That(TrainCommand.ConfigFor("superres")!.SuperResolution.Factor, Is.EqualTo(2));
        Assert.That(TrainCommand.ConfigFor("cvae", "--class", "sandal")!.Cvae.Class, Is.EqualTo(5), "a name, read against --dataset's classes");
        Assert.That(TrainCommand.ConfigFor("cvae", "--judge", "j")!.Cvae.Judge, Is.EqualTo(Path.GetFullPath("j")));
    }

    [Test]
    public void AnOldConfigJsonReadsIntoTheRecordsAndIsWrittenWithTheSameKeys()
    {
        var config = RunConfig.FromJson(OldConfig, "config.json");
        Assert.That(new object[] { config.Autoencoder, config.Sparse, config.Vae, config.Cvae, config.SuperResolution }, Is.EqualTo(OldRecords));
        Assert.That((config.Family, config.Latent, config.Seed, config.WeightDecay, config.Threads, config.CheckpointEvery),
            Is.EqualTo(("cvae", 2, 7UL, 0.001f, 2, 50)));
        config.Validate("config.json");

        using var written = JsonDocument.Parse(config.ToJson());
        var top = written.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        using var old = JsonDocument.Parse(OldConfig);
        foreach (var setting in old.RootElement.EnumerateObject())
        {
            Assert.That(top, Does.ContainKey(setting.Name), "written at the top level, under its old name");
            Assert.That(double.TryParse(top[setting.Name], CultureInfo.InvariantCulture, out double a)
                ? a.Equals(double.Parse(setting.Value.ToString(), CultureInfo.InvariantCulture))
                : top[setting.Name] == setting.Value.ToString(), Is.True, setting.Name);
        }
        Assert.That(RunConfig.FromJson(config.ToJson(), "again"), Is.EqualTo(config), "written and read back: the same run");
        Assert.That(RunConfig.FromJson("{\"model\": \"vae\"}", "older"), Is.EqualTo(new RunConfig()), "missing keys: the defaults");
    }

    [TestCaseSource(nameof(NewKeys))]
    public void ARefusedValueNamesItsOptionInConfigJsonAndOnTheCommandLine(string key)
    {
        var line = NewTables.SelectMany(t => t.Lines).Single(l => l.Key == key);
        var (json, rule) = Refused[key];
        string file = $$"""{"model": "{{line.Families[0]}}", "{{key}}": {{json}}}""";
        if (rule == "")
        {
            var e = Assert.Throws<InvalidDataException>(() => RunConfig.FromJson(file, "config.json"))!;
            Assert.That(e.Message, Does.Contain($"(setting '{key}')"));
            return;
        }
        var refused = Assert.Throws<ArgumentException>(() => RunConfig.FromJson(file, "config.json").Validate("config.json"))!;
        Assert.That(refused.Message, Is.EqualTo($"'{key}' in config.json {rule}."));
        if (!line.OnCommandLine) return;
        var (code, _, error) = CliTests.Run("train", line.Families[0], $"--{key}", json, "--out", Path.Combine(Path.GetTempPath(), "never-written"));
        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(error, Does.Contain(key == "class" ? "class index 12 is outside 0..9" : $"--{key} {rule}"));
    }

    [Test]
    public void HelpShowsEveryCommandLineSettingWithItsFamiliesAndTheirDefaults()
    {
        var (code, output, _) = CliTests.Run("train", "--help");
        Assert.That(code, Is.Zero);
        string flat = Regex.Replace(output, @"\s+", " ");                            // --help wraps long lines
        foreach (var line in ExperimentRegistry.OptionTables.SelectMany(t => t.Lines))
        {
            Assert.That(flat.Contains($"--{line.Key} ", StringComparison.Ordinal), Is.EqualTo(line.OnCommandLine), line.Key);
            if (line.OnCommandLine) Assert.That(flat, Does.Contain(Regex.Replace(line.Description, @"\s+", " ")), line.Key);
        }
        Assert.That(flat, Does.Contain("(default per model: vae 0.005, cvae 0.02; --recipe notebook: vae-kl-only 0.1, cvae 0.005)"));
        Assert.That(flat, Does.Contain("(--recipe notebook: sparse-l1 0.01)"));
    }
}
