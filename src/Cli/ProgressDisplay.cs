// What a training run prints: in a terminal a bar redrawn in place (progress, epoch, batch, loss, elapsed time, ETA); in a
// pipe or file one line every LinePercent % of the run instead; after each epoch one line whose numbers say what they are
// (`epoch 3/10  train total 0.4832 bce 0.4721 kl 2.261 | test total ... | 41.2 s, 1,450 images/s`).
namespace Engine.Cli;

using System.Globalization;
using Engine.Models.Training;

public sealed class ProgressDisplay(TextWriter output, bool terminal)
{
    private const int BarWidth = 30;
    private int _lastWidth;
    private TimeSpan? _lastDraw;
    private int? _nextPercent;

    /// <summary>In a pipe or file: a progress line each time the run passes a multiple of this percentage.</summary>
    public int LinePercent { get; init; } = 10;

    /// <summary>Least time between two redraws of the terminal bar (the last batch of an epoch is always drawn).</summary>
    public TimeSpan RedrawEvery { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Colours the bar (a terminal without NO_COLOR).</summary>
    public bool Color { get; init; } = terminal && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));

    /// <summary>A message line; in a terminal it replaces the bar, which the next step draws again.</summary>
    public void Line(string text)
    {
        Clear();
        output.WriteLine(text);
    }

    public void Step(TrainingProgress progress)
    {
        int percent = (int)Math.Floor(progress.Done * 100 + 1e-9);
        if (!terminal)
        {
            _nextPercent ??= ((int)Math.Floor(progress.DoneAtStart * 100 + 1e-9) / LinePercent + 1) * LinePercent;
            if (percent < _nextPercent) return;
            _nextPercent = (percent / LinePercent + 1) * LinePercent;
            output.WriteLine($"progress {percent}%: epoch {progress.Epoch + 1}/{progress.Epochs}, batch {progress.Batch + 1}/{progress.Batches}, " +
                $"loss {Number(progress.Loss)}, elapsed {Duration(progress.Elapsed)}, ETA {Eta(progress)}");
            return;
        }
        if (progress.Elapsed - _lastDraw < RedrawEvery && progress.Batch + 1 < progress.Batches) return;   // null: draw
        _lastDraw = progress.Elapsed;
        int filled = (int)Math.Clamp(progress.Done * BarWidth, 0, BarWidth);
        string bar = Color ? $"\u001b[32m{new string('#', filled)}\u001b[0m" : new string('#', filled);
        string text = $"{new string('-', BarWidth - filled)} {percent,3}%  epoch {progress.Epoch + 1}/{progress.Epochs} " +
            $"batch {progress.Batch + 1}/{progress.Batches}  loss {Number(progress.Loss)}  elapsed {Duration(progress.Elapsed)}  ETA {Eta(progress)}";
        int width = filled + text.Length;
        output.Write("\r" + bar + text + new string(' ', Math.Max(0, _lastWidth - width)));
        _lastWidth = width;
    }

    public void Epoch(EpochSummary epoch) => Line(EpochLine(epoch));

    /// <summary>`epoch 3/10  train total 0.4832 bce 0.4721 kl 2.261 | test total 0.4901 bce 0.4788 kl 2.253 | 41.2 s, 1,450 images/s`.</summary>
    public static string EpochLine(EpochSummary epoch) =>
        $"epoch {epoch.Epoch + 1}/{epoch.Epochs}  train {Terms(epoch.Terms, epoch.Train)} | test {Terms(epoch.Terms, epoch.Test)} | " +
        string.Create(CultureInfo.InvariantCulture, $"{epoch.Elapsed.TotalSeconds:F1} s, {epoch.ItemsPerSecond:N0} {epoch.Unit}/s");

    /// <summary>"1:05" for 65 s, "1:02:03" past an hour.</summary>
    public static string Duration(TimeSpan time) =>
        time.TotalHours >= 1 ? $"{(int)time.TotalHours}:{time.Minutes:00}:{time.Seconds:00}" : $"{(int)time.TotalMinutes}:{time.Seconds:00}";

    private static string Eta(TrainingProgress progress) => progress.Remaining is TimeSpan left ? Duration(left) : "?";

    private static string Terms(IReadOnlyList<string> names, double[] values) =>
        string.Join(" ", names.Zip(values, (name, value) => $"{name} {Number(value)}"));

    private static string Number(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>Removes the terminal bar (before a line on stderr); nothing in a pipe or file.</summary>
    public void Clear()
    {
        if (!terminal || _lastWidth == 0) return;
        output.Write("\r" + new string(' ', _lastWidth) + "\r");
        _lastWidth = 0;
    }
}
