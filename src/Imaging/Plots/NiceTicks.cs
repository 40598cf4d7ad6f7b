// "Nice" axis ticks (steps of 1, 2, 2.5 or 5 times a power of ten; powers of ten on log axes), their
// labels, and a conservative estimate of label widths used to keep tick labels from overlapping.
using System.Globalization;

namespace Engine.Imaging;

internal static class NiceTicks
{
    private static readonly double[] Multipliers = [1, 2, 2.5, 5];

    /// <summary>The smallest nice step that gives at most <paramref name="maxCount"/> ticks inside [min, max].</summary>
    public static double NiceStep(double min, double max, int maxCount, double minStep = 0)
    {
        double range = max - min;
        if (!(range > 0))
        {
            return Math.Max(1, minStep);
        }
        double power = Math.Pow(10, Math.Floor(Math.Log10(range / Math.Max(1, maxCount))));
        for (int decade = 0; decade < 4; decade++, power *= 10)
        {
            foreach (double m in Multipliers)
            {
                double step = m * power;
                if (step >= minStep && Math.Floor(max / step + 1e-9) - Math.Ceiling(min / step - 1e-9) + 1 <= maxCount)
                {
                    return step;
                }
            }
        }
        return Math.Max(range, minStep);
    }

    /// <summary>Multiples of step inside [min, max].</summary>
    public static double[] Linear(double min, double max, double step)
    {
        var ticks = new List<double>();
        for (double k = Math.Ceiling(min / step - 1e-9); k * step <= max + step * 1e-9; k++)
        {
            double v = k * step;
            ticks.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        }
        return ticks.ToArray();
    }

    /// <summary>Log axis ticks: powers of ten inside [min, max] (thinned to maxCount); 1-2-5 when under two decades.</summary>
    public static double[] Log(double min, double max, int maxCount)
    {
        int low = (int)Math.Ceiling(Math.Log10(min) - 1e-9), high = (int)Math.Floor(Math.Log10(max) + 1e-9);
        var ticks = new List<double>();
        if (high - low < 2)
        {
            for (int e = low - 1; e <= high; e++)
            {
                foreach (double m in new[] { 1.0, 2.0, 5.0 })
                {
                    double v = m * Math.Pow(10, e);
                    if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9))
                    {
                        ticks.Add(v);
                    }
                }
            }
            if (ticks.Count <= maxCount && ticks.Count >= 2)
            {
                return ticks.ToArray();
            }
            ticks.Clear();
        }
        int every = Math.Max(1, (int)Math.Ceiling((high - low + 1) / (double)Math.Max(1, maxCount)));
        for (int e = low; e <= high; e += every)
        {
            ticks.Add(Math.Pow(10, e));
        }
        return ticks.Count > 0 ? ticks.ToArray() : [min, max];   // no 1, 2, 5 or decade inside (0.25 .. 0.45): the ends
    }

    /// <summary>A tick label with just enough decimals for the step; exponent form for very large or small values.</summary>
    public static string Format(double value, double step)
    {
        if (value == 0)
        {
            return "0";
        }
        double magnitude = Math.Abs(value);
        if (magnitude >= 1e5 || magnitude < 1e-3)
        {
            return value.ToString("0.##e0", CultureInfo.InvariantCulture);
        }
        int decimals = 0;
        while (decimals < 10 && Math.Abs(step * Math.Pow(10, decimals) - Math.Round(step * Math.Pow(10, decimals))) > 1e-6)
        {
            decimals++;
        }
        return value.ToString("F" + decimals, CultureInfo.InvariantCulture);
    }

    /// <summary>Estimated width in pixels of text in a sans-serif font (errs wide: DejaVu Sans metrics).</summary>
    public static double TextWidth(string text, double fontSize)
    {
        double em = 0;
        foreach (char c in text)
        {
            em += c switch
            {
                >= '0' and <= '9' => 0.64,
                '.' or ',' or ':' or ';' or '\'' or '|' or '!' or 'i' or 'l' or 'j' or 'I' => 0.33,
                ' ' or '-' or '(' or ')' or 'f' or 't' or 'r' => 0.4,
                'm' or 'w' or 'M' or 'W' => 0.95,
                >= 'A' and <= 'Z' => 0.75,
                _ => 0.62,
            };
        }
        return em * fontSize;
    }
}
