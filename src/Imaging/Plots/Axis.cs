// One plot axis: its domain (linear or log10), the chosen ticks and their labels, and value-to-pixel mapping.
namespace Engine.Imaging;

internal sealed class Axis
{
    private Axis(double min, double max, bool log, double[] ticks, string[] labels)
    {
        Min = min;
        Max = max;
        IsLog = log;
        Ticks = ticks;
        Labels = labels;
    }

    public double Min { get; }
    public double Max { get; }
    public bool IsLog { get; }
    public double[] Ticks { get; }
    public string[] Labels { get; }

    /// <summary>Ticks for [min, max]: at most maxCount of them, steps no finer than minStep on linear axes.</summary>
    public static Axis Build(double min, double max, bool log, int maxCount, double minStep = 0)
    {
        maxCount = Math.Max(2, maxCount);
        if (log)
        {
            double[] logTicks = NiceTicks.Log(min, max, maxCount);
            return new Axis(min, max, true, logTicks, logTicks.Select(t => NiceTicks.Format(t, t)).ToArray());
        }
        double step = NiceTicks.NiceStep(min, max, maxCount, minStep);
        double[] ticks = NiceTicks.Linear(min, max, step);
        return new Axis(min, max, false, ticks, ticks.Select(t => NiceTicks.Format(t, step)).ToArray());
    }

    /// <summary>Pixel position of v between the pixel at Min (start) and at Max (end).</summary>
    public double Map(double v, double start, double end)
    {
        double t = IsLog ? (Math.Log10(v) - Math.Log10(Min)) / (Math.Log10(Max) - Math.Log10(Min)) : (v - Min) / (Max - Min);
        return start + t * (end - start);
    }
}
