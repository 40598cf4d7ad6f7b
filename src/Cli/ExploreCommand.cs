// `engine explore <run> [--port P]`: a local web page on a trained run, served by the engine on 127.0.0.1 only: the test
// codes as a scatter, the image decoded live at the pointer, the interpolation strip between two clicked test images.
// Reads the run only; refuses one another process holds for writing. Runs until Ctrl+C or SIGTERM (exit code 0).
namespace Engine.Cli;

using System.CommandLine;
using System.Runtime.InteropServices;
using Engine.Cli.Explore;

public static class ExploreCommand
{
    public static Command Create()
    {
        var run = new Argument<string>("run") { Description = "A trained run folder (ae, dae, sparse-*, vae, cvae, aae)." };
        var port = new Option<int>("--port") { Description = "The port on 127.0.0.1 (default: a free one, printed).", DefaultValueFactory = _ => 0 };
        port.Validators.Add(r => { if (TrainCommand.TryGet<int>(r) is int v && v is < 0 or > 65535) r.AddError($"--port must be in 0..65535; got {v}."); });
        var points = TrainCommand.Positive(new Option<int>("--points") { Description = "Test codes drawn on the scatter (the first ones of the test split).", DefaultValueFactory = _ => 2000 });
        var command = new Command("explore", "Explore a trained run's latent space in the browser: decode at the pointer, interpolate between test images.")
        {
            run, port, points,
        };
        command.SetAction(parse => EngineCommand.Guard(() =>
        {
            using var stop = new CancellationTokenSource();
            // Ctrl+C (SIGINT) and SIGTERM stop the server and end the verb with exit code 0.
            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
            var server = ExploreServer.StartAsync(parse.GetValue(run)!, parse.GetValue(port), parse.GetValue(points), Console.WriteLine).GetAwaiter().GetResult();
            try
            {
                Console.WriteLine($"Exploring {server.Explorer.Folder.Path} ({server.Explorer.Config.Family}, latent {server.Explorer.Latent}, " +
                    $"{server.Explorer.Test.Count:N0} test codes) at {server.Url}  (127.0.0.1 only; Ctrl+C stops)");
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            return 0;

            void Stop(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }
        }));
        return command;
    }
}
