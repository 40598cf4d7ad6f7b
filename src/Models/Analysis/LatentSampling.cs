// New images from random codes (engine sample). A VAE decodes z ~ N(0, I), the prior its KL term pulls the codes to.
// A plain, denoising or sparse AE has no prior, so it decodes z ~ N(m, diag(s^2)), with m and s the per-dimension mean
// and standard deviation of the test set's codes. N = samples, Z = latent size.
namespace Engine.Models;

using Engine.Imaging;

/// <summary>New images from random codes: the VAE's prior N(0, I), or for the other autoencoders a Gaussian fitted to the test set's codes.</summary>
public static class LatentSampling
{
    /// <summary>Codes (N, Z) for <paramref name="count"/> samples, drawn from the seeded Philox stream.</summary>
    public static float[] Codes(TrainedRun run, int count, ulong seed)
    {
        if (count <= 0) throw new ArgumentException($"--count must be positive; got {count}.");
        int z = run.Latent;
        var eps = Tensor.RandN(new Shape(count, z), new Generator(seed)).ToArray();      // (N, Z) ~ N(0, I)
        if (run.IsVariational) return eps;
        var (mean, std) = CodeStatistics(run.Encode(run.Test.Images), z);
        for (int i = 0; i < count; i++)
        {
            for (int j = 0; j < z; j++) eps[i * z + j] = mean[j] + std[j] * eps[i * z + j];
        }
        return eps;
    }

    /// <summary>Per-dimension mean and standard deviation of codes (N, Z).</summary>
    public static (float[] Mean, float[] Std) CodeStatistics(float[] codes, int z)
    {
        int n = codes.Length / z;
        var mean = new double[z];
        var square = new double[z];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < z; j++)
            {
                double v = codes[i * z + j];
                mean[j] += v / n;
                square[j] += v * v / n;
            }
        }
        return (mean.Select(m => (float)m).ToArray(),
                mean.Select((m, j) => (float)Math.Sqrt(Math.Max(square[j] - m * m, 0))).ToArray());
    }

    /// <summary>Decodes <paramref name="count"/> samples into a square-ish grid in the run folder; returns its file and caption.</summary>
    public static (string File, string Caption) Write(TrainedRun run, int count, ulong seed)
    {
        var images = run.Decode(Codes(run, count, seed));                                 // (N, 1, H, W)
        int columns = (int)Math.Ceiling(Math.Sqrt(count));
        string file = $"samples-{count}-seed{seed}.png";
        Png.Write(run.Folder.File(file), ImageGrid.FromBatch(images, run.Test.Width, run.Test.Height, columns,
            options: new GridOptions { Scale = 2, Padding = 1 }));
        string prior = run.IsVariational
            ? "z ~ N(0, I), the VAE's prior"
            : "z ~ N(m, diag(s^2)) with m, s the mean and standard deviation of each code dimension over the test set (an AE has no prior)";
        return (file, $"{count} images decoded from random codes, {prior}; seed {seed}.");
    }
}
