// What a training verb needs around the driver: Ctrl-C turned into a clean stop with a resumable checkpoint,
// and progress shown as a bar in a terminal or as one line per epoch when the output is redirected.
namespace Engine.Cli;

using System.Globalization;
using Engine.Models.Training;
using Spectre.Console;

public sealed class TrainingSession : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private DateTime _lastDraw = DateTime.MinValue;

    public TrainingSession()
    {
        Console.CancelKeyPress += OnCancel;
        Driver = new RunDriver
        {
            Log = line => Console.WriteLine(line),
            OnStep = ShowStep,
            OnEpoch = (epoch, train, test) =>
            {
                ClearLine();
                Console.WriteLine($"epoch {epoch + 1}: train {Format(train)} | test {Format(test)}");
            },
        };
    }

    public RunDriver Driver { get; }

    public CancellationToken Cancel => _cancel.Token;

    public static int Finish(string? report)
    {
        if (report is null) return 130;                                   // interrupted, checkpoint saved
        Console.WriteLine($"Report: {report}");
        return 0;
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancel;
        _cancel.Dispose();
    }

    private void OnCancel(object? sender, ConsoleCancelEventArgs e)
    {
        e.Cancel = true;                                                  // stop after this step, then save
        _cancel.Cancel();
    }

    private void ShowStep(int epoch, int batch, int batches, double loss)
    {
        if (Console.IsOutputRedirected || (DateTime.UtcNow - _lastDraw).TotalMilliseconds < 100 && batch + 1 < batches) return;
        _lastDraw = DateTime.UtcNow;
        int width = 30, filled = (batch + 1) * width / batches;
        AnsiConsole.Markup($"\r[green]{new string('#', filled)}[/]{new string('-', width - filled)} " +
            $"epoch {epoch + 1} batch {batch + 1}/{batches} loss {loss.ToString("G5", CultureInfo.InvariantCulture)}   ");
    }

    private static void ClearLine()
    {
        if (!Console.IsOutputRedirected) Console.Write("\r" + new string(' ', 90) + "\r");
    }

    private static string Format(double[] values) =>
        string.Join(" ", values.Select(v => v.ToString("G5", CultureInfo.InvariantCulture)));
}
