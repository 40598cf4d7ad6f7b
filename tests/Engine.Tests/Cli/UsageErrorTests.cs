// Command-line mistakes the conventional way (issue 15): the first line is `error: ...` naming the bad value and the
// allowed ones, the last is `see 'engine VERB --help'`, nothing goes to stdout (no help text first), exit code 2; a run
// that starts and fails is still `engine: ...` and exit 1, and --version and --help still exit 0.
namespace Engine.Tests.Cli;

using Engine.Cli;
using Engine.Models.Experiments;

[NonParallelizable]
public class UsageErrorTests
{
    [Test]
    public void AnUnknownModelNamesItAndEveryModel()
    {
        var (code, output, error) = CliTests.Run("train", "gan");
        CliTests.AssertUsageError(code, output, error, "unknown model 'gan'");
        Assert.That(error, Does.StartWith($"error: unknown model 'gan'; choose one of: {string.Join(", ", ExperimentRegistry.Names)}\n"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(2), "one error line, not 30 lines of help");
    }

    [Test]
    public void AMisspeltOptionSuggestsTheNearestOne()
    {
        var (code, output, error) = CliTests.Run("train", "ae", "--epoch", "3");
        CliTests.AssertUsageError(code, output, error, "unknown option '--epoch' (did you mean '--epochs'?)");
    }

    [Test]
    public void AnUnknownOptionListsTheVerbsOptions()
    {
        var (code, output, error) = CliTests.Run("train", "ae", "--frobnicate");
        CliTests.AssertUsageError(code, output, error, "unknown option '--frobnicate'; 'engine train' takes --latent, --epochs");
        Assert.That(error.Split('\n')[0], Does.Contain("--kl-weight").And.Contain("--help"));
    }

    [TestCase("--epochs", "x", "--epochs takes a whole number; got 'x'")]
    [TestCase("--epochs", "2.5", "--epochs takes a whole number; got '2.5'")]
    [TestCase("--lr", "fast", "--lr takes a number, e.g. 0.001 or 1e-3; got 'fast'")]
    [TestCase("--seed", "-1", "--seed takes a whole number >= 0; got '-1'")]
    public void AValueThatIsNotANumberSaysWhatTheOptionTakes(string option, string value, string message)
    {
        var (code, output, error) = CliTests.Run("train", "ae", option, value);
        CliTests.AssertUsageError(code, output, error, message);
        Assert.That(error, Does.Not.Contain("System.Int32").And.Not.Contain("Cannot parse"));
    }

    [TestCase("--epochs", "0", "--epochs must be a positive integer; got 0")]
    [TestCase("--sparsity-target", "1.5", "--sparsity-target must be in (0, 1); got 1.5")]
    [TestCase("--threads", "100000", "--threads must be from 1 to 1024")]
    [TestCase("--kl-weight", "-1", "--kl-weight must be a finite number >= 0; got -1")]
    public void AValueOutOfRangeNamesTheRange(string option, string value, string message)
    {
        var (code, output, error) = CliTests.Run("train", "vae", option, value);
        CliTests.AssertUsageError(code, output, error, message);
    }

    [Test]
    public void EveryMistakeGetsItsLine()
    {
        var (code, output, error) = CliTests.Run("train", "ae", "--epochs", "0", "--lr", "-1");
        CliTests.AssertUsageError(code, output, error, "--epochs");
        Assert.That(error.Trim().Split('\n'), Is.EqualTo(new[]
        {
            "error: --epochs must be a positive integer; got 0", "error: --lr must be a positive number; got -1", "see 'engine train --help'",
        }));
    }

    [Test]
    public void AnUnknownVerbSuggestsTheNearestAndListsThemAll()
    {
        var (code, output, error) = CliTests.Run("trian", "ae");
        CliTests.AssertUsageError(code, output, error, "unknown command 'trian' (did you mean 'train'?); choose one of: train, resume, eval", "engine");
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(2), "the verb's mistake alone, not one line per following token");
    }

    [Test]
    public void NoVerbListsTheVerbs()
    {
        var (code, output, error) = CliTests.Run();
        CliTests.AssertUsageError(code, output, error, "no command given; choose one of: train", "engine");
    }

    [Test]
    public void AMissingOrExtraArgumentIsNamed()
    {
        var missing = CliTests.Run("train");
        CliTests.AssertUsageError(missing.Code, missing.Out, missing.Error, "'engine train' needs its <model> argument; choose one of: aae, aae-disentangled, aae-semi, ae");
        var extra = CliTests.Run("eval", "runs/a", "runs/b");
        CliTests.AssertUsageError(extra.Code, extra.Out, extra.Error, "unexpected argument 'runs/b'; 'engine eval' takes <run> only", "engine eval");
        var required = CliTests.Run("import", "--model", "ae");
        CliTests.AssertUsageError(required.Code, required.Out, required.Error, "'engine import' needs --encoder", "engine import");
    }

    [Test]
    public void OtherVerbsPointToTheirOwnHelp()
    {
        var pca = CliTests.Run("pca", "--components", "3", "--variance", "0.5");
        CliTests.AssertUsageError(pca.Code, pca.Out, pca.Error, "give either --components or --variance, not both", "engine pca");
        var import = CliTests.Run("import", "--model", "gan", "--encoder", "e", "--decoder", "d", "--out", "o");
        CliTests.AssertUsageError(import.Code, import.Out, import.Error, "unknown value 'gan' for --model; choose one of: ae, dae", "engine import");
    }

    [Test]
    public void HelpAndVersionStillExitZero()
    {
        var help = CliTests.Run("train", "--help");
        Assert.That(help.Code, Is.Zero, help.Error);
        Assert.That(help.Out, Does.Contain("--epochs"));
        var version = CliTests.Run("--version");
        Assert.That(version.Code, Is.Zero, version.Error);
        Assert.That(version.Out.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
    }

    [Test]
    public void ARunTimeErrorIsStillOneEngineLineAndExitOne()
    {
        var (code, _, error) = CliTests.Run("eval", "/nonexistent/run");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("engine: ").And.Not.Contain("see '"));
        Assert.That(UsageErrors.ExitCode, Is.Not.EqualTo(1).And.Not.EqualTo(TrainingSession.UnhealthyExitCode));
    }

    [TestCase("trian", "train"), TestCase("evl", "eval"), TestCase("--epoch", "--epochs"), TestCase("--betta", "--beta")]
    [TestCase("xyz", null), TestCase("--lrr", "--lr")]
    public void TyposFindTheNearestName(string typo, string? expected)
    {
        string[] names = ["train", "eval", "--epochs", "--beta", "--lr", "--seed"];
        Assert.That(UsageErrors.Nearest(typo, names), Is.EqualTo(expected));
    }
}
