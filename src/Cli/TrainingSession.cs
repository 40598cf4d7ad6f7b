// What a training verb needs around the driver: SIGINT (Ctrl-C), SIGTERM and SIGHUP turned into a clean stop with a
// checkpoint (a second signal stops at once; the checkpoint on disk stays whole), progress shown by a ProgressDisplay (a bar
// with elapsed time and ETA in a terminal, a line every 10 % in a pipe or file, a labelled line per epoch), and the exit
// code of the outcome.
namespace Engine.Cli;

using System.Runtime.InteropServices;
using Engine.Models.Training;

public sealed class TrainingSession : IDisposable
{
    /// <summary>Exit code of a run that finished but failed a health check (its report shows the warnings); 2 is a usage error.</summary>
    public const int UnhealthyExitCode = 3;

    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly ProgressDisplay _display = new(Console.Out, terminal: !Console.IsOutputRedirected);
    private PosixSignal? _stoppedBy;

    public TrainingSession(bool detectAnomaly = false)
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
        Driver = new RunDriver
        {
            Log = _display.Line,
            OnProgress = _display.Step,
            OnEpoch = _display.Epoch,
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
        _display.Line($"Report: {outcome.Report}");
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
        _display.Clear();
        Console.Error.WriteLine($"engine: {context.Signal} received: stopping after this step and saving a checkpoint " +
            "(send it again to stop at once; the last checkpoint stays whole).");
        _cancel.Cancel();
    }
}
