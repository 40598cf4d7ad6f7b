// Latent interpolation (course part 1): encode the first test image of two classes (a VAE gives mu), walk the straight
// line z_t = (1 - t) z_a + t z_b, t in [0, 1], and decode each point: a strip of `steps` images (PNG) and an animation
// of `frames` images going a -> b -> a (GIF, upscaled to about 280 x 280). Several runs give one row / panel each.
namespace Engine.Models;

using Engine.Imaging;

/// <summary>Latent interpolation: decodes the straight line between the codes of two images as a strip (PNG) and an animation (GIF).</summary>
public static class Interpolation
{
    /// <summary>The side of each animation panel in pixels (28 x 10 for Fashion-MNIST).</summary>
    public const int PanelSize = 280;

    /// <summary>Codes (T, Z) on the line from a (Z) to b (Z): row i = (1 - t_i) a + t_i b.</summary>
    public static float[] Linear(float[] a, float[] b, IReadOnlyList<float> weights)
    {
        if (a.Length != b.Length) throw new ArgumentException($"Codes of {a.Length} and {b.Length} values cannot be interpolated.");
        int z = a.Length;
        var codes = new float[weights.Count * z];
        for (int i = 0; i < weights.Count; i++)
        {
            for (int j = 0; j < z; j++) codes[i * z + j] = (1f - weights[i]) * a[j] + weights[i] * b[j];
        }
        return codes;
    }

    /// <summary>t_i = i / (steps - 1): from 0 to 1 inclusive.</summary>
    public static float[] Steps(int steps) =>
        steps < 2 ? throw new ArgumentException($"An interpolation needs at least 2 steps; got {steps}.")
            : Enumerable.Range(0, steps).Select(i => i / (float)(steps - 1)).ToArray();

    /// <summary>The animation's weights: the first half of the frames go from 0 to 1, the second half back, so the loop is seamless.</summary>
    public static float[] PingPong(int frames)
    {
        if (frames < 2) throw new ArgumentException($"An animation needs at least 2 frames; got {frames}.");
        int forth = (frames + 1) / 2;
        return Enumerable.Range(0, frames).Select(i => i < forth ? i / (float)Math.Max(forth - 1, 1) : 1f - (i - forth + 1) / (float)(frames - forth + 1)).ToArray();
    }

    /// <summary>
    /// Writes the strip and the animation into the first run's folder and returns their file names and captions.
    /// Every run contributes one row of the strip and one panel of the animation.
    /// </summary>
    public static List<(string File, string Caption)> Write(IReadOnlyList<TrainedRun> runs, int from, int to, int steps, int frames)
    {
        var first = runs[0];
        int h = first.Test.Height, w = first.Test.Width;
        if (runs.Any(r => r.Test.Height != h || r.Test.Width != w))
        {
            throw new ArgumentException($"The runs compared must use the same image size; '{first.Folder.Path}' has {h}x{w}.");
        }
        var names = first.Test.ClassNames;
        var (fromImage, toImage) = (first.FirstOf(from), first.FirstOf(to));
        var stripWeights = Steps(steps);
        var frameWeights = PingPong(frames);
        var strips = new List<IReadOnlyList<float[]>>();
        var animations = new List<float[]>();
        foreach (var run in runs)
        {
            var a = run.Encode(run.FirstOf(from));                             // (Z)
            var b = run.Encode(run.FirstOf(to));                               // (Z)
            var strip = run.Decode(Linear(a, b, stripWeights));               // (steps, 1, H, W)
            strips.Add([fromImage, .. Split(strip, h * w), toImage]);
            animations.Add(run.Decode(Linear(a, b, frameWeights)));           // (frames, 1, H, W)
        }

        string stem = $"interpolation-{TrainedRun.Slug(names[from])}-to-{TrainedRun.Slug(names[to])}" +
                      string.Concat(runs.Skip(1).Select(r => "-vs-" + TrainedRun.Slug(r.Label)));
        var columns = new List<string> { names[from] };
        columns.AddRange(stripWeights.Select(t => t.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)));
        columns.Add(names[to]);
        Png.Write(first.Folder.File(stem + ".png"), ImageGrid.FromRows(strips, w, h,
            new GridOptions { Scale = 3, RowLabels = runs.Select(r => r.Label).ToList(), ColumnLabels = columns }));

        int scale = Math.Max(1, PanelSize / Math.Max(h, w));
        var images = new List<Image>(frames);
        for (int i = 0; i < frames; i++)
        {
            var panels = animations.Select(animation => Image.FromFloats(animation.AsSpan(i * h * w, h * w), w, h).Scale(scale)).ToList();
            images.Add(runs.Count == 1 ? panels[0]
                : ImageGrid.FromRows([panels], new GridOptions { Padding = 4, ColumnLabels = runs.Select(r => r.Label).ToList() }));
        }
        Gif.Write(first.Folder.File(stem + ".gif"), images, delayMs: 50);

        string rows = runs.Count == 1 ? "" : $" Rows: {string.Join(", ", runs.Select(r => r.Label))}.";
        string leftToRight = runs.Count == 1 ? "" : $" Left to right: {string.Join(", ", runs.Select(r => r.Label))}.";
        string code = runs.Any(r => r.IsVariational) ? " (VAE: z = mu)" : "";
        return
        [
            (stem + ".png", $"Decoded points on the straight line in latent space{code} from the first test {names[from]} to the first test " +
                            $"{names[to]}, t = 0 to 1 in {steps} steps; the originals at both ends.{rows}"),
            (stem + ".gif", $"The same walk as an animation of {frames} frames, {names[from]} -> {names[to]} -> {names[from]}.{leftToRight}"),
        ];
    }

    private static List<float[]> Split(float[] images, int size) =>
        Enumerable.Range(0, images.Length / size).Select(i => images.AsSpan(i * size, size).ToArray()).ToList();
}
