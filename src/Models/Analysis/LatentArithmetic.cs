// Latent vector arithmetic (engine arithmetic): with codes z_a, z_b, z_c of the first test image of three classes (a VAE
// gives mu), decode z_a + (z_b - z_c): item a moved by the difference between b and c ("a, restyled from c to b").
// Z = latent size, H, W = height, width.
namespace Engine.Models;

using Engine.Imaging;

/// <summary>Latent vector arithmetic: decodes z_a + (z_b - z_c) for the codes of three classes' first test images.</summary>
public static class LatentArithmetic
{
    /// <summary>z_a + (z_b - z_c), each (Z).</summary>
    public static float[] Combine(float[] a, float[] b, float[] c) => a.Select((v, j) => v + (b[j] - c[j])).ToArray();

    /// <summary>Writes a PNG with the originals a, b, c and their decoded codes, then the decoded result; returns file and caption.</summary>
    public static (string File, string Caption) Write(TrainedRun run, int a, int b, int c)
    {
        var names = run.Test.ClassNames;
        int h = run.Test.Height, w = run.Test.Width;
        var originals = new[] { run.FirstOf(a), run.FirstOf(b), run.FirstOf(c) };
        var codes = originals.Select(run.Encode).ToArray();                              // 3 x (Z)
        var result = Combine(codes[0], codes[1], codes[2]);
        var decoded = run.Decode([.. codes[0], .. codes[1], .. codes[2], .. result]);      // (4, 1, H, W)
        var decodedRow = Enumerable.Range(0, 4).Select(i => decoded.AsSpan(i * h * w, h * w).ToArray()).ToList();
        string file = $"arithmetic-{TrainedRun.Slug(names[a])}-plus-{TrainedRun.Slug(names[b])}-minus-{TrainedRun.Slug(names[c])}.png";
        Png.Write(run.Folder.File(file), ImageGrid.FromRows([originals, decodedRow], w, h, new GridOptions
        {
            Scale = 3,
            RowLabels = ["original", "decoded"],
            ColumnLabels = [names[a], names[b], names[c], "a + (b - c)"],
        }));
        return (file, $"Latent arithmetic: a = {names[a]}, b = {names[b]}, c = {names[c]}; top: the first test image of each class, " +
                      $"bottom: their decoded codes and the decoded z_a + (z_b - z_c).");
    }
}
