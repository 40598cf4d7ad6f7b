// The codes of the first test images after every epoch, kept in the run folder (latent-trail/epoch-NNNN.f32, float32
// little endian, N x 2), and the animated GIF made from them: the latent space epoch by epoch on fixed axes with the
// prior's support drawn over it (the course prints one plot per epoch; the GIF shows them at a glance). N = images.
namespace Engine.Models.Experiments;

using System.Runtime.InteropServices;
using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public static class LatentTrail
{
    public const string Folder = "latent-trail";

    /// <summary>How many test images the trail follows.</summary>
    public const int Images = 2000;

    /// <summary>Writes epoch <paramref name="epoch"/>'s (z1, z2) of the first test images (overwriting: idempotent on resume).</summary>
    public static void Record(RunFolder run, int epoch, float[] codes, int latent)
    {
        int n = codes.Length / latent;
        var plane = new float[2 * n];
        for (int i = 0; i < n; i++) (plane[2 * i], plane[2 * i + 1]) = (codes[i * latent], codes[i * latent + 1]);
        Directory.CreateDirectory(run.File(Folder));
        File.WriteAllBytes(Path.Combine(run.File(Folder), $"epoch-{epoch:D4}.f32"), MemoryMarshal.AsBytes(plane.AsSpan()).ToArray());
    }

    /// <summary>The recorded epochs in order: (epoch, codes (N, 2)).</summary>
    public static List<(int Epoch, float[] Codes)> Read(RunFolder run)
    {
        if (!Directory.Exists(run.File(Folder))) return [];
        return Directory.GetFiles(run.File(Folder), "epoch-*.f32")
            .Select(f => (Epoch: int.Parse(Path.GetFileNameWithoutExtension(f)["epoch-".Length..], System.Globalization.CultureInfo.InvariantCulture),
                Codes: MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(f)).ToArray()))
            .OrderBy(e => e.Epoch).ToList();
    }

    /// <summary>
    /// latent-epochs.gif: one frame per recorded epoch, on square bounds (equal scales on both axes) that hold the outline
    /// and 99% of every epoch's codes (a few far-out codes of the first epochs would shrink the rest to a dot). False when
    /// nothing was recorded.
    /// </summary>
    public static bool Animate(RunFolder run, Dataset test, float[] outline, string file)
    {
        var epochs = Read(run);
        if (epochs.Count == 0) return false;
        var xs = epochs.SelectMany(e => e.Codes.Where((_, i) => i % 2 == 0)).Concat(outline.Where((_, i) => i % 2 == 0)).Where(float.IsFinite).Order().ToArray();
        var ys = epochs.SelectMany(e => e.Codes.Where((_, i) => i % 2 == 1)).Concat(outline.Where((_, i) => i % 2 == 1)).Where(float.IsFinite).Order().ToArray();
        if (xs.Length == 0 || ys.Length == 0) return false;
        static (double, double) Range(float[] sorted)
        {
            double low = Math.Min(sorted[(int)(0.005 * (sorted.Length - 1))], -0.5), high = Math.Max(sorted[(int)(0.995 * (sorted.Length - 1))], 0.5);
            double pad = 0.05 * (high - low);
            return (low - pad, high + pad);
        }
        var ((x0, x1), (y0, y1)) = (Range(xs), Range(ys));
        double half = Math.Max(x1 - x0, y1 - y0) / 2, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;   // equal scales: a square stays square
        (x0, x1, y0, y1) = (cx - half, cx + half, cy - half, cy + half);
        var frames = epochs.Select(e =>
        {
            int n = Math.Min(e.Codes.Length / 2, test.Count);
            var x = Enumerable.Range(0, n).Select(i => e.Codes[2 * i]).ToArray();
            var y = Enumerable.Range(0, n).Select(i => e.Codes[2 * i + 1]).ToArray();
            return ScatterFrame.Render(x, y, test.Labels.AsSpan(0, n), new FrameBounds(x0, x1, y0, y1), $"epoch {e.Epoch}", outline);
        }).ToList();
        Gif.Write(run.File(file), frames, delayMs: 600);
        return true;
    }
}
