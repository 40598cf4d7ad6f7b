// The course's 2-D toy for the conditional AE: two noisy curves that overlap in x, so a 1-D code cannot tell them apart
// unless the label helps. Label 0: 2,000 points on y = sin(x), x ~ U[-2.2, 2.2]; label 1: 2,000 points on the circle
// of radius 0.5 centred at (1.5, -0.5), angle ~ U[0, 2 pi) (--recipe notebook: both evenly spaced, linspace); then
// Gaussian noise of standard deviation 0.06 on both coordinates. A seeded 75 / 25 train / test split (the test part is
// the validation set of ReduceLROnPlateau).
// Every draw is Philox4x32-10 (Engine.Kernels.Philox) at a fixed element, so a seed gives the same points everywhere:
//   curve parameter of point i: Uniform(seed, i); noise of point i: Normal(seed, 4N + 2i) for x, Normal(seed, 4N + 2i + 1) for y;
//   split: a Fisher-Yates shuffle with j = floor(Uniform(seed + 1, i) * (i + 1)) for i = N - 1 .. 1. N = all points.
namespace Engine.Models;

/// <summary>Labelled 2-D points: Points (N, 2) row-major (x, y); Clean (N, 2) the same points before the noise; Labels [N] in {0, 1}.</summary>
public sealed record ToyPoints(float[] Points, float[] Clean, int[] Labels)
{
    public int Count => Labels.Length;

    /// <summary>The points as a tensor (N, 2).</summary>
    public Tensor ToTensor(IBackend? backend = null) => Tensor.FromArray(Points, new Shape(Count, 2), backend);

    /// <summary>The labels as a float column (N, 1): the conditional toy AE's extra input.</summary>
    public Tensor LabelColumn(IBackend? backend = null) =>
        Tensor.FromArray(Labels.Select(l => (float)l).ToArray(), new Shape(Count, 1), backend);

    /// <summary>The items at <paramref name="indices"/>, in that order.</summary>
    public ToyPoints Take(IReadOnlyList<int> indices)
    {
        var points = new float[indices.Count * 2];
        var clean = new float[indices.Count * 2];
        var labels = new int[indices.Count];
        for (int k = 0; k < indices.Count; k++)
        {
            int i = indices[k];
            (points[2 * k], points[2 * k + 1]) = (Points[2 * i], Points[2 * i + 1]);
            (clean[2 * k], clean[2 * k + 1]) = (Clean[2 * i], Clean[2 * i + 1]);
            labels[k] = Labels[i];
        }
        return new ToyPoints(points, clean, labels);
    }
}

public static class ToyData
{
    public const int PointsPerCurve = 2000;
    public const float XMin = -2.2f, XMax = 2.2f;
    public const float CircleX = 1.5f, CircleY = -0.5f, Radius = 0.5f;
    public const float Noise = 0.06f;
    public const float TrainFraction = 0.75f;
    public static readonly IReadOnlyList<string> ClassNames = ["sine", "circle"];

    /// <summary>Label 0's curve: (x, sin x).</summary>
    public static (float X, float Y) Sine(float x) => (x, MathF.Sin(x));

    /// <summary>Label 1's curve: (1.5 + 0.5 cos a, -0.5 + 0.5 sin a).</summary>
    public static (float X, float Y) Circle(float angle) => (CircleX + Radius * MathF.Cos(angle), CircleY + Radius * MathF.Sin(angle));

    /// <summary>
    /// All 2 * <paramref name="perCurve"/> points, the sine's first (label 0), then the circle's (label 1), with noise
    /// of standard deviation <paramref name="noise"/>. <paramref name="evenlySpaced"/>: the curve parameters are the
    /// notebook's linspace (k / (perCurve - 1) of the way along each curve, both ends included) instead of uniform draws.
    /// </summary>
    public static ToyPoints Generate(ulong seed, int perCurve = PointsPerCurve, float noise = Noise, bool evenlySpaced = false)
    {
        if (perCurve <= 0 || !(noise >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(perCurve), $"The toy needs points per curve > 0 and noise >= 0; got {perCurve} and {noise}.");
        }
        int n = 2 * perCurve;
        var points = new float[2 * n];
        var clean = new float[2 * n];
        var labels = new int[n];
        for (int i = 0; i < n; i++)
        {
            labels[i] = i < perCurve ? 0 : 1;
            float u = !evenlySpaced ? Philox.Uniform(seed, (ulong)i) : perCurve == 1 ? 0f : (i % perCurve) / (float)(perCurve - 1);
            var (x, y) = labels[i] == 0 ? Sine(XMin + (XMax - XMin) * u) : Circle(2f * MathF.PI * u);
            (clean[2 * i], clean[2 * i + 1]) = (x, y);
            points[2 * i] = x + noise * Philox.Normal(seed, (ulong)(4 * n + 2 * i));
            points[2 * i + 1] = y + noise * Philox.Normal(seed, (ulong)(4 * n + 2 * i + 1));
        }
        return new ToyPoints(points, clean, labels);
    }

    /// <summary>A seeded shuffle of <paramref name="all"/>, the first <paramref name="trainFraction"/> for training, the rest for test.</summary>
    public static (ToyPoints Train, ToyPoints Test) Split(ToyPoints all, ulong seed, float trainFraction = TrainFraction)
    {
        if (!(trainFraction > 0f && trainFraction < 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(trainFraction), $"The training fraction must be in (0, 1); got {trainFraction}.");
        }
        var order = Enumerable.Range(0, all.Count).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(Philox.Uniform(seed + 1, (ulong)i) * (i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        int trainCount = (int)MathF.Round(all.Count * trainFraction);
        return (all.Take(order[..trainCount]), all.Take(order[trainCount..]));
    }

    /// <summary>The course's toy: 4,000 points, 3,000 for training and 1,000 for test (evenly spaced: the notebook's data).</summary>
    public static (ToyPoints Train, ToyPoints Test) Load(ulong seed, bool evenlySpaced = false) =>
        Split(Generate(seed, evenlySpaced: evenlySpaced), seed);

    /// <summary>The true curves for a figure: <paramref name="count"/> points along each, evenly spaced, [count, 2] each.</summary>
    public static (float[] Sine, float[] Circle) Curves(int count = 200)
    {
        var sine = new float[2 * count];
        var circle = new float[2 * count];
        for (int k = 0; k < count; k++)
        {
            float t = k / (float)(count - 1);
            (sine[2 * k], sine[2 * k + 1]) = Sine(XMin + (XMax - XMin) * t);
            (circle[2 * k], circle[2 * k + 1]) = Circle(2f * MathF.PI * t);
        }
        return (sine, circle);
    }
}
