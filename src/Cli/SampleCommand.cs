// `engine sample <run> [--count 100]`: new images decoded from random codes (a VAE's prior N(0, I); for an AE, a Gaussian
// fitted to its test codes), written as a grid PNG and added to the run's report.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models;

public static class SampleCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A trained run folder (ae, dae, sparse-*, vae)." };
        var count = TrainCommand.Positive(new Option<int>("--count") { Description = "Number of samples.", DefaultValueFactory = _ => 100 });
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random codes.", DefaultValueFactory = _ => 1UL };
        var command = new Command("sample", "Decode random latent codes of a trained run into new images.") { run, count, seed };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            using var trained = TrainedRun.OpenForWriting(parse.GetValue(run)!, Console.WriteLine);   // holds the run's lock
            var figure = LatentSampling.Write(trained, parse.GetValue(count), parse.GetValue(seed));
            Console.WriteLine($"Wrote {trained.Folder.File(figure.File)}");
            Console.WriteLine($"Report: {trained.AddToReport([figure])}");
            return 0;
        }));
        return command;
    }
}
