// `engine arithmetic <run> --a CLASS --b CLASS --c CLASS`: decodes z_a + (z_b - z_c) from the first test image of each
// class, written as a PNG (a, b, c and the result) and added to the run's report.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models;

public static class ArithmeticCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A trained run folder (ae, dae, sparse-*, vae)." };
        var a = new Option<string>("--a") { Description = "Class of the item to change: a name or an index 0-9.", Required = true };
        var b = new Option<string>("--b") { Description = "Class added (the style to move towards).", Required = true };
        var c = new Option<string>("--c") { Description = "Class subtracted (the style to move away from).", Required = true };
        var command = new Command("arithmetic", "Latent vector arithmetic: decode a + (b - c) for three classes.") { run, a, b, c };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            using var trained = TrainedRun.OpenForWriting(parse.GetValue(run)!, Console.WriteLine);   // holds the run's lock
            var names = trained.Test.ClassNames;
            var figure = LatentArithmetic.Write(trained, TrainedRun.ParseClass(parse.GetValue(a)!, names),
                TrainedRun.ParseClass(parse.GetValue(b)!, names), TrainedRun.ParseClass(parse.GetValue(c)!, names));
            Console.WriteLine($"Wrote {trained.Folder.File(figure.File)}");
            Console.WriteLine($"Report: {trained.AddToReport([figure])}");
            return 0;
        }));
        return command;
    }
}
