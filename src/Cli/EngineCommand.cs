// The `engine` command line: verbs train, resume, eval, report, pca, interpolate, sample, arithmetic, embeddings, explore,
// import, graph and devices. A command line that does not parse gets `error: ...` lines and `see 'engine VERB --help'`, exit 2 (UsageErrors);
// errors a user can cause while a verb runs are one sentence on stderr, `engine: ...`, exit 1 (Guard), never a stack trace.
namespace Engine.Cli;

using System.CommandLine;
using System.CommandLine.Invocation;
using Engine.Autograd;
using Engine.Kernels;
using Engine.Kernels.Ilgpu;
using Engine.Models.Training;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public static class EngineCommand
{
    public static int Run(string[] args)
    {
        var root = new RootCommand("Engine: train and explain autoencoders with a from-scratch C# deep-learning engine.")
        {
            TrainCommand.Create(),
            ResumeCommand(),
            EvalCommand(),
            ReportCommand(),
            PcaCommand.Create(),
            InterpolateCommand.Create(),
            SampleCommand.Create(),
            ArithmeticCommand.Create(),
            EmbeddingsCommand.Create(),
            ExploreCommand.Create(),
            ImportCommand.Create(),
            GraphCommand.Create(),
            DevicesCommand(),
        };
        VersionAction.Attach(root);
        var parsed = root.Parse(args);
        if (parsed.Action is ParseErrorAction) return UsageErrors.Write(parsed);   // `error: ...` lines and the verb's --help, exit 2
        return parsed.Invoke();
    }

    /// <summary>Runs a verb's body, turning the errors a user can cause into one line on stderr and exit code 1.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or DeviceUnavailableException
                                      or TrainingDivergedException or SafetensorsFormatException or UnauthorizedAccessException
                                      or AnomalyException)
        {
            Console.Error.WriteLine($"engine: {e.Message}");
            return 1;
        }
    }

    private static Command ResumeCommand()
    {
        var runArgument = new Argument<string>("run") { Description = "The run folder printed by `engine train`." };
        var detectAnomaly = TrainCommand.DetectAnomalyOption();
        var command = new Command("resume", "Continue an interrupted run from its last checkpoint to the same result.") { runArgument, detectAnomaly };
        command.SetAction(parse => Guard(() =>
        {
            using var session = new TrainingSession(parse.GetValue(detectAnomaly));
            return session.Finish(session.Driver.Resume(parse.GetValue(runArgument)!, session.Cancel));
        }));
        return command;
    }

    private static Command EvalCommand()
    {
        var runArgument = new Argument<string>("run") { Description = "A run folder." };
        var noise = new Option<float?>("--noise") { Description = "Score denoising: inputs get Gaussian noise of this sigma, targets stay clean." };
        noise.Validators.Add(r => { if (TrainCommand.TryGet<float?>(r) is float v && !(v >= 0)) r.AddError($"--noise must be >= 0; got {v}."); });
        var dataset = new Option<string?>("--dataset")
        {
            Description = "Score on this dataset's test set instead of the run's own (fashion or mnist): how data-specific is the model?",
        };
        dataset.Validators.Add(r => { if (TrainCommand.TryGet<string?>(r) is string v && !Datasets.Names.Contains(v)) r.AddError($"Unknown dataset '{v}'; choose one of {string.Join(", ", Datasets.Names)}."); });
        var command = new Command("eval", "Evaluate a trained run's loss terms (and its family's scores) on the test set.") { runArgument, noise, dataset };
        command.SetAction(parse => Guard(() =>
        {
            var (experiment, data) = new RunDriver().Load(parse.GetValue(runArgument)!);
            var test = data.Test;
            if (parse.GetValue(dataset) is string other && other != experiment.Config.Dataset)
            {
                test = Datasets.LoadTest(other).Test;                      // the test split alone: the training files are never read
                if (test.Height != data.Test.Height || test.Width != data.Test.Width)
                {
                    throw new ArgumentException($"The {other} test images are {test.Height}x{test.Width}; the run was trained on {data.Test.Height}x{data.Test.Width}.");
                }
                Console.WriteLine($"Scoring on the {other} test set ({test.Count:N0} images); the run was trained on {experiment.Config.Dataset}.");
            }
            var means = Trainer.Evaluate(experiment, test, 256, parse.GetValue(noise));
            for (int i = 0; i < means.Length; i++) Console.WriteLine($"test {experiment.Terms[i]}: {means[i]:G6}");
            foreach (var (name, value) in experiment.TestMetrics(test)) Console.WriteLine($"test {name}: {value:G6}");
            if (means.All(double.IsFinite)) return 0;
            Console.Error.WriteLine("engine: a test loss term is not finite: the model gives NaN or infinite outputs on the test set.");
            return 1;
        }));
        return command;
    }

    private static Command ReportCommand()
    {
        var runArgument = new Argument<string>("run") { Description = "A run folder." };
        var command = new Command("report", "Rewrite a run's figures and report.html from its checkpoint.") { runArgument };
        command.SetAction(parse => Guard(() =>
        {
            Console.WriteLine($"Report: {new RunDriver().Report(parse.GetValue(runArgument)!).Report}");
            return 0;
        }));
        return command;
    }

    private static Command DevicesCommand()
    {
        var command = new Command("devices", "List the compute devices: the CPU, ILGPU's CPU accelerator and every usable CUDA GPU.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"cpu: {Engine.Kernels.Cpu.Simd.SimdWidths.CpuName}, {Environment.ProcessorCount} cores; " +
                $"{Engine.Kernels.Cpu.Simd.SimdWidths.Summary()} (the fast CPU backend)");
            Console.WriteLine("ilgpu-cpu: the GPU kernels on ILGPU's CPU accelerator (warp 32; slow, for debugging)");
            if (!IlgpuDevices.IsCudaAvailable(out var reason))
            {
                Console.WriteLine($"cuda: none ({reason})");
                return 0;
            }
            foreach (var device in IlgpuDevices.ListCuda())
            {
                Console.WriteLine(device);
            }
            return 0;
        });
        return command;
    }
}
