// The adversarial AEs' settings live in one record (src/Models/Families/Aae/AaeOptions.cs) and everything else is made
// from its table: the command line and --help, the check of a run's settings, the registry rows; config.json keeps its
// keys at the top level, so run folders written before the record read unchanged. FamilyOptionsTests holds every
// family's record to the same and checks that no file outside the three AAE family folders names one of these settings.
namespace Engine.Tests.Families.Aae;

using System.Text.Json;
using System.Text.RegularExpressions;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Tests.Cli;

public class AaeOptionsTests
{
    /// <summary>A config.json as runs wrote it before the record (flat keys), with every AAE setting off its default.</summary>
    private const string OldConfig = """
        {
          "model": "aae-disentangled", "latent": 2, "epochs": 3, "batch-size": 32, "learning-rate": 0.002, "seed": 7,
          "prior": "grid", "generator-weight": 0.02, "generator-lr-scale": 0.3, "discriminator-lr-scale": 2,
          "discriminator-steps": 3, "confusion-weight": 0.5, "independence-weight": 0, "predictor-steps": 5,
          "sample-multiple": 7, "labels": 50
        }
        """;

    private static readonly AaeOptions OffDefaults = new()
    {
        Prior = "grid", GeneratorWeight = 0.02f, GeneratorLrScale = 0.3f, DiscriminatorLrScale = 2f, DiscriminatorSteps = 3,
        ConfusionWeight = 0.5f, IndependenceWeight = 0f, PredictorSteps = 5, SampleMultiple = 7, Labels = 50,
    };

    /// <summary>A value each setting refuses, as command-line text.</summary>
    private static readonly Dictionary<string, string> Refused = new()
    {
        ["prior"] = "square", ["generator-weight"] = "-1", ["generator-lr-scale"] = "0", ["discriminator-lr-scale"] = "-2",
        ["discriminator-steps"] = "0", ["confusion-weight"] = "NaN", ["independence-weight"] = "-0.5", ["predictor-steps"] = "0",
        ["sample-multiple"] = "0", ["labels"] = "0", ["code-bound"] = "-1",
    };

    [Test]
    public void AnOldConfigJsonReadsIntoTheRecordAndIsWrittenWithTheSameKeys()
    {
        var config = RunConfig.FromJson(OldConfig, "config.json");
        Assert.That(config.Aae, Is.EqualTo(OffDefaults));
        Assert.That((config.Family, config.Latent, config.Seed), Is.EqualTo(("aae-disentangled", 2, 7UL)));

        using var written = JsonDocument.Parse(config.ToJson());
        var top = written.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString());
        using var old = JsonDocument.Parse(OldConfig);
        foreach (var setting in old.RootElement.EnumerateObject())
        {
            Assert.That(top, Does.ContainKey(setting.Name), "written at the top level, under its old name");
            Assert.That(double.TryParse(top[setting.Name], System.Globalization.CultureInfo.InvariantCulture, out double a)
                ? a.Equals(double.Parse(setting.Value.ToString(), System.Globalization.CultureInfo.InvariantCulture))
                : top[setting.Name] == setting.Value.ToString(), Is.True, setting.Name);
        }
        Assert.That(RunConfig.FromJson(config.ToJson(), "again"), Is.EqualTo(config), "written and read back: the same run");
        Assert.That(RunConfig.FromJson("{\"model\": \"aae\"}", "older").Aae, Is.EqualTo(new AaeOptions()), "missing keys: the defaults");
    }

    [Test]
    public void EverySettingIsOneLineOfTheTable()
    {
        var properties = typeof(AaeOptions).GetProperties().Where(p => p.CanWrite).Select(p => JsonNamingPolicy.KebabCaseLower.ConvertName(p.Name));
        Assert.That(AaeOptions.Table.Select(o => o.Key), Is.EquivalentTo(properties), "a property without a line has no --key, check or help");
        Assert.That(Refused.Keys, Is.EquivalentTo(AaeOptions.Table.Select(o => o.Key)));
        foreach (var family in new[] { "aae", "aae-disentangled", "aae-semi" })
        {
            Assert.That(ExperimentRegistry.Find(family).Settings, Is.EqualTo(ExperimentFamily.Reads(AaeOptions.Table.KeysOf(family).ToArray())), family);
        }
    }

    [TestCaseSource(nameof(Keys))]
    public void ARefusedValueIsOneLineFromTheCommandLineAndFromConfigJson(string key)
    {
        var setting = AaeOptions.Table.Single(o => o.Key == key);
        string rule = setting.Problem(setting.Parse(new AaeOptions(), Refused[key]))!;
        Assert.That(rule, Does.StartWith("must be ").And.EndWith($"got {Refused[key]}"));

        string family = setting.Families[0];
        var (code, _, error) = CliTests.Run("train", family, $"--{key}", Refused[key], "--out", Path.Combine(Path.GetTempPath(), "never-written"));
        Assert.That(code, Is.EqualTo(2), error);
        Assert.That(error, Does.Contain($"--{key} {rule}"));

        var config = new RunConfig { Family = family }.With(setting.Parse(new AaeOptions(), Refused[key]));
        var e = Assert.Throws<ArgumentException>(() => config.Validate("config.json"))!;
        Assert.That(e.Message, Is.EqualTo($"'{key}' in config.json {rule}."));
    }

    [Test]
    public void HelpShowsEverySettingWithItsFamiliesAndHelp()
    {
        var (code, output, _) = CliTests.Run("train", "--help");
        Assert.That(code, Is.Zero);
        string flat = Regex.Replace(output, @"\s+", " ");                            // --help wraps long lines
        foreach (var setting in AaeOptions.Table)
        {
            Assert.That(flat, Does.Contain($"--{setting.Key} "));
            Assert.That(flat, Does.Contain(Regex.Replace(setting.Description, @"\s+", " ")), setting.Key);
        }
    }

    private static IEnumerable<string> Keys() => AaeOptions.Table.Select(o => o.Key);
}
