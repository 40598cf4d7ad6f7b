// `engine interpolate <run> --from CLASS --to CLASS`: a walk through a trained run's latent space between two classes,
// as a strip (PNG) and an animation (GIF) added to the run's report; --compare puts another run beside it.
namespace Engine.Cli;

using System.CommandLine;
using Engine.Models;

public static class InterpolateCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A trained run folder (ae, dae, sparse-*, vae)." };
        var from = new Option<string>("--from") { Description = "Start class: a name (e.g. sneaker) or an index 0-9.", Required = true };
        var to = new Option<string>("--to") { Description = "End class: a name or an index 0-9.", Required = true };
        var steps = TrainCommand.Positive(new Option<int>("--steps") { Description = "Images in the strip (t = 0 to 1).", DefaultValueFactory = _ => 10 });
        var frames = TrainCommand.Positive(new Option<int>("--frames") { Description = "Frames of the animation (there and back).", DefaultValueFactory = _ => 200 });
        var compare = new Option<string?>("--compare") { Description = "Another run folder to show beside this one (e.g. an AE beside a VAE)." };
        var command = new Command("interpolate", "Decode a straight line in latent space between the first test images of two classes.")
        {
            run, from, to, steps, frames, compare,
        };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            using var written = TrainedRun.OpenForWriting(parse.GetValue(run)!, Console.WriteLine);   // holds the run's lock
            var runs = new List<TrainedRun> { written };
            if (parse.GetValue(compare) is string other) runs.Add(TrainedRun.Load(other));           // only read
            var names = runs[0].Test.ClassNames;
            int a = TrainedRun.ParseClass(parse.GetValue(from)!, names), b = TrainedRun.ParseClass(parse.GetValue(to)!, names);
            var figures = Interpolation.Write(runs, a, b, parse.GetValue(steps), parse.GetValue(frames));
            foreach (var (file, _) in figures) Console.WriteLine($"Wrote {runs[0].Folder.File(file)}");
            Console.WriteLine($"Report: {runs[0].AddToReport(figures)}");
            return 0;
        }));
        return command;
    }
}
