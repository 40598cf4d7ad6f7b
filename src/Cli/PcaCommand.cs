// `engine pca`: the PCA baseline: fit, keep K components (--components, or the fewest keeping --variance of it), and
// write the explained-variance curve, reconstructions, denoising, the first components and report.html.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models.Experiments;

public static class PcaCommand
{
    public static Command Create()
    {
        var components = TrainCommand.Positive(new Option<int?>("--components") { Description = "Components to keep (default: enough for --variance)." });
        var variance = new Option<double?>("--variance") { Description = "Keep the fewest components holding this share of the variance (default 0.9)." };
        variance.Validators.Add(r => { if (TrainCommand.TryGet<double?>(r) is double v && !(v > 0 && v <= 1)) r.AddError($"--variance must be in (0, 1]; got {v}."); });
        var noise = new Option<float>("--noise") { Description = "Gaussian noise sigma of the denoising test.", DefaultValueFactory = _ => 0.3f };
        noise.Validators.Add(r => { if (TrainCommand.TryGet<float>(r) is float v && !(v >= 0)) r.AddError($"--noise must be >= 0; got {v}."); });
        var dataset = TrainCommand.DatasetOption();
        var data = TrainCommand.DataOption();
        var limit = TrainCommand.Positive(new Option<int?>("--limit") { Description = "Fit on at most N training images." });
        var testLimit = TrainCommand.Positive(new Option<int?>("--test-limit") { Description = "Evaluate on at most N test images." });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the test noise.", DefaultValueFactory = _ => 1UL };
        var output = new Option<string?>("--out") { Description = "Output folder (default: runs/pca-<time>)." };

        var command = new Command("pca", "Fit PCA to Fashion-MNIST as a linear baseline and write its figures and report.html.")
        {
            components, variance, noise, dataset, data, limit, testLimit, seed, output,
        };
        command.Validators.Add(r =>
        {
            if (r.GetResult(components) is { Implicit: false } && r.GetResult(variance) is { Implicit: false })
            {
                r.AddError("Give either --components or --variance, not both.");
            }
        });
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            var config = new PcaConfig
            {
                Components = parse.GetValue(components),
                Variance = parse.GetValue(variance) ?? 0.9,
                Noise = parse.GetValue(noise),
                Seed = parse.GetValue(seed),
                Dataset = Engine.Nn.Data.Datasets.Check(parse.GetValue(dataset)!),
                DataDir = parse.GetValue(data),
                Limit = parse.GetValue(limit),
                TestLimit = parse.GetValue(testLimit),
            };
            string folder = parse.GetValue(output) ?? Path.Combine("runs", $"pca-{DateTime.Now:yyyyMMdd-HHmmss}");
            Console.WriteLine($"Report: {PcaExperiment.Run(config, folder, Console.WriteLine)}");
            return 0;
        }));
        return command;
    }
}
