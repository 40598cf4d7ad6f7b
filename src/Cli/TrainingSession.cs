// What a training verb needs around the driver: SIGINT (Ctrl-C), SIGTERM and SIGHUP turned into a clean stop with a
// checkpoint (a second signal stops at once; the checkpoint on disk stays whole), progress shown as a bar in a terminal
// or as one line per epoch when the output is redirected, and the exit code of the outcome.
namespace Engine.Cli;

using System.Globalization;
using System.Runtime.InteropServices;
using Engine.Models.Training;
using Spectre.Console;

public sealed class TrainingSession : IDisposable
{
    /// <summary>Exit code of a run that finished but failed a health check (its report shows the warnings); 2 is a usage error.</summary>
    public const int UnhealthyExitCode = 3;

    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private DateTime _lastDraw = DateTime.MinValue;
    private PosixSignal? _stoppedBy;

    public TrainingSession(bool detectAnomaly = false)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
        Driver = new RunDriver
        {
            Log = line => { ClearLine(); Console.WriteLine(line); },
            OnStep = ShowStep,
            OnEpoch = (epoch, train, test) =>
            {
                ClearLine();
                Console.WriteLine($"epoch {epoch + 1}: train {Format(train)} | test {Format(test)}");
            },
            DetectAnomaly = detectAnomaly,
        };
    }

    public RunDriver Driver { get; }

    public CancellationToken Cancel => _cancel.Token;

    /// <summary>0 for a healthy finished run, 3 when it failed a health check, 128 + the signal number when stopped.</summary>
    public int Finish(RunOutcome outcome)
    {
        if (outcome.Report is null)
        {
            return 128 + _stoppedBy switch { PosixSignal.SIGHUP => 1, PosixSignal.SIGTERM => 15, _ => 2 };
        }
        Console.WriteLine($"Report: {outcome.Report}");
        if (outcome.Warnings.Count == 0) return 0;
        Console.Error.WriteLine($"engine: the run finished but did not learn: {outcome.Warnings[0]}");
        return UnhealthyExitCode;
    }

    public void Dispose()
    {
        foreach (var registration in _signals) registration.Dispose();
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_stoppedBy is not null) return;                              // a second signal: stop now, the default way
        context.Cancel = true;                                           // stop after this step, then save
        _stoppedBy = context.Signal;
        ClearLine();
        Console.Error.WriteLine($"engine: {context.Signal} received: stopping after this step and saving a checkpoint " +
            "(send it again to stop at once; the last checkpoint stays whole).");
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
