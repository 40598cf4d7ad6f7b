// Every CLI verb end to end on a tiny slice of the real data, and the errors a user can cause.
namespace Engine.Tests.Cli;

using Engine.Cli;
using Engine.Imaging;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class CliTests
{
    /// <summary>Runs the engine command in-process, capturing what it prints.</summary>
    internal static (int Code, string Out, string Error) Run(params string[] args)
    {
        var (oldOut, oldError) = (Console.Out, Console.Error);
        using var output = new StringWriter();
        using var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (EngineCommand.Run(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldError);
        }
    }

    private static readonly string[] Tiny = ["--epochs", "1", "--limit", "64", "--test-limit", "32", "--batch-size", "32", "--latent", "2"];

    [TestCase("ae"), TestCase("dae"), TestCase("vae"), TestCase("vae-kl-only")]
    public void TrainWritesACompleteRunFolder(string model)
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = Run(["train", model, .. Tiny, "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("Report: " + Path.Combine(run, "report.html")));
        // The run says which data it used, shows progress as lines (a pipe) and labels every number of the epoch line.
        Assert.That(output, Does.Contain("Data: fashion, 64 training and 32 test images, from ").And.Contain("bundled sample")
            .And.Contain("training set limited to 64, test set limited to 32"));
        Assert.That(output, Does.Contain("progress 100%: epoch 1/1, batch 2/2, loss ").And.Contain(", elapsed 0:").And.Contain(", ETA 0:00"));
        Assert.That(output, Does.Not.Contain("\r"), "no redrawn bar in a pipe");
        string terms = model switch { "vae" => "total \\S+ bce \\S+ kl \\S+", "vae-kl-only" => "kl \\S+ bce \\S+", _ => "bce \\S+" };
        Assert.That(output, Does.Match($@"epoch 1/1  train {terms} \| test {terms} \| \d+\.\d s, [\d,]+ images/s"));
        foreach (var file in new[] { "config.json", "checkpoint/model.safetensors", "checkpoint/training-state.safetensors", "metrics.csv", "report.html" })
        {
            Assert.That(File.Exists(Path.Combine(run, file)), file);
        }
        var pngs = Directory.GetFiles(run, "*.png");
        Assert.That(pngs, Is.Not.Empty);
        foreach (var png in pngs) Assert.That(Png.Read(png).Width, Is.GreaterThan(0), png);
        foreach (var svg in Directory.GetFiles(run, "*.svg")) Assert.That(File.ReadAllText(svg), Does.StartWith("<svg").Or.StartWith("<?xml"), svg);
        Assert.That(SafetensorsFile.Read(Path.Combine(run, "checkpoint", "model.safetensors")).Metadata["model"], Is.EqualTo(model));
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("reconstructions.png"));
        // The configuration table shows the settings the model reads that are set, and the data the run used.
        string table = html[html.IndexOf("<table id=\"config\">", StringComparison.Ordinal)..];
        table = table[..table.IndexOf("</table>", StringComparison.Ordinal)];
        var rows = System.Text.RegularExpressions.Regex.Matches(table, "<tr><th>([^<]*)</th>").Select(m => m.Groups[1].Value).ToList();
        string[] unset = ["data-dir", "judge"];
        Assert.That(rows, Is.EquivalentTo(Engine.Models.Experiments.ExperimentRegistry.Find(model).Settings.Except(unset).Append("data used")),
            "one row per setting (test-limit among them) and the data used: no second row about the test subset");
        Assert.That(rows, model == "vae" ? Does.Contain("kl-weight") : Does.Not.Contain("kl-weight"));
        Assert.That(rows, Does.Not.Contain("beta").And.Not.Contain("factor").And.Not.Contain("class"));
        Assert.That(html, Does.Contain("<th>data used</th><td>fashion, 64 training and 32 test images, from ").And.Contain("test set limited to 32"));

        var eval = Run("eval", run);
        Assert.That(eval.Code, Is.Zero, eval.Error);
        Assert.That(eval.Out, Does.Contain("test bce"));
        var noisy = Run("eval", run, "--noise", "0.3");
        Assert.That(noisy.Code, Is.Zero, noisy.Error);
        Assert.That(noisy.Out, Does.Contain("test bce"));
        var driver = new Engine.Models.Training.RunDriver { Log = _ => { } };
        var (experiment, data) = driver.Prepare(Engine.Models.Training.RunConfig.FromJson(File.ReadAllText(Path.Combine(run, "config.json")), run));
        Checkpoint.Load(experiment.Model, Path.Combine(run, "checkpoint", "model.safetensors"));
        var clean = Engine.Models.Training.Trainer.Evaluate(experiment, data.Test, 256);
        var corrupted = Engine.Models.Training.Trainer.Evaluate(experiment, data.Test, 256, noise: 0.3f);
        if (model.StartsWith("vae", StringComparison.Ordinal))
        {
            // After two steps the tiny AEs' eval-mode output does not yet depend on the input; the VAEs' does.
            Assert.That(corrupted[0], Is.Not.EqualTo(clean[0]), "noisy inputs score differently");
        }
        Assert.That(Run("eval", run, "--noise", "-1").Code, Is.Not.Zero);
        var report = Run("report", run);
        Assert.That(report.Code, Is.Zero, report.Error);
        var resume = Run("resume", run);                       // already finished: rewrites the report and exits 0
        Assert.That(resume.Code, Is.Zero, resume.Error);
    }

    [TestCase(new[] { "train", "gan" }, "gan")]
    [TestCase(new[] { "train", "ae", "--epochs", "0" }, "--epochs")]
    [TestCase(new[] { "train", "ae", "--lr", "-1" }, "--lr")]
    [TestCase(new[] { "train", "ae", "--batch-size", "x" }, "x")]
    [TestCase(new[] { "train", "ae", "--unknown" }, "--unknown")]
    public void BadFlagsFailWithAClearLine(string[] args, string mentioned)
    {
        var (code, output, error) = Run(args);
        AssertUsageError(code, output, error, mentioned);
    }

    /// <summary>
    /// A usage error: exit 2, nothing on stdout, `error: ...` lines (the first naming <paramref name="mentioned"/>) and last
    /// `see '<paramref name="command"/> --help'`, no stack trace.
    /// </summary>
    internal static void AssertUsageError(int code, string output, string error, string mentioned, string command = "engine train")
    {
        string[] lines = error.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.That(code, Is.EqualTo(UsageErrors.ExitCode), output + error);
        Assert.That(output, Is.Empty, "no help text, no progress");
        Assert.That(lines, Has.Length.GreaterThanOrEqualTo(2), error);
        Assert.That(lines[0], Does.StartWith("error: ").And.Contain(mentioned), error);
        Assert.That(lines[..^1], Has.All.StartWith("error: "), error);
        Assert.That(lines[^1], Is.EqualTo($"see '{command} --help'"), error);
        Assert.That(error, Does.Not.Contain("   at ").And.Not.Contain("Exception").And.Not.Contain("System."), "no stack trace, no .NET type names");
    }

    [Test]
    public void MissingRunFolderIsOneSentence()
    {
        var (code, _, error) = Run("resume", "/nonexistent/run");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith("engine: Run folder '/nonexistent/run' does not exist"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void CudaWithoutAGpuIsOneSentence()
    {
        if (Engine.Kernels.Ilgpu.IlgpuDevices.IsCudaAvailable(out _)) Assert.Ignore("a GPU is present");
        using var temp = new TempFolder();
        var (code, _, error) = Run(["train", "ae", .. Tiny, "--device", "cuda", "--out", temp.File("run")]);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(error, Does.Contain("CUDA is not available"));
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
    }

    [Test]
    public void TrainOnIlgpuCpuWorksEndToEnd()
    {
        // The GPU kernels on ILGPU's CPU accelerator: a step of the course AE costs about a minute of CPU at batch 64
        // there, so this run is as small as it gets (the full command is measured in GPU.md).
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = Run("train", "ae", "--device", "ilgpu-cpu", "--epochs", "1", "--limit", "8", "--batch-size", "8",
            "--test-limit", "8", "--latent", "2", "--out", run);
        Assert.That(code, Is.Zero, output + error);
        Assert.That(output, Does.Contain("on ilgpu-cpu").And.Contain("epoch 1/1  train"));
        Assert.That(File.ReadAllText(Path.Combine(run, "report.html")), Does.Contain("<th>test-limit</th><td class=\"number\">8</td>").And.Contain("8 test images")
            .And.Not.Contain("test subset"));
        var eval = Run("eval", run);
        Assert.That(eval.Code, Is.Zero, eval.Error);
        Assert.That(eval.Out, Does.Contain("test bce"));
    }

    [Test]
    public void IlgpuCpuEvaluatesATestSubsetUnlessToldAndSaysSo()
    {
        var said = new List<string>();
        var driver = new Engine.Models.Training.RunDriver { Log = said.Add };
        var config = new Engine.Models.Training.RunConfig { Family = "ae", Device = "ilgpu-cpu" };
        int limit = Engine.Models.Training.RunDriver.IlgpuCpuTestLimit;
        Assert.That(driver.WithDeviceDefaults(config).TestLimit, Is.EqualTo(limit));
        Assert.That(said, Has.Count.EqualTo(1));
        Assert.That(said[0], Does.Contain($"the test metrics and figures use the first {limit} test images (--test-limit N to change that)"));
        Assert.That(driver.WithDeviceDefaults(config with { TestLimit = 5000 }).TestLimit, Is.EqualTo(5000), "an explicit --test-limit wins");
        Assert.That(driver.WithDeviceDefaults(config with { Device = "cpu" }).TestLimit, Is.Null, "the CPU evaluates the whole test set");
        Assert.That(said, Has.Count.EqualTo(1), "said only when it applies");
    }

    [Test]
    public void DevicesListsTheCpu()
    {
        var (code, output, _) = Run("devices");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("cpu:"));
        Assert.That(output, Does.Contain($"SIMD {Engine.Kernels.Cpu.Simd.SimdWidths.Describe(Engine.Kernels.Cpu.Simd.SimdLevel.Auto)}"),
            "names the vector width the fast kernels run at");
    }
}
