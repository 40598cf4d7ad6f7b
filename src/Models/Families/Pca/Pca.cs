// Principal component analysis, the linear baseline: mean m and covariance S = (1 / (N - 1)) sum_i (x_i - m)(x_i - m)^T
// of the training images, S's eigendecomposition (MathNet.Numerics, symmetric), eigenvectors sorted by eigenvalue. With the
// first K as rows of W (K, D): codes c = (x - m) W^T (K) and reconstructions x_hat = m + c W. N = images, D = pixels, K = components.
// Fit reads all images at once (two passes: the mean, then the centred products); RunningCovariance gathers the same batch by batch.
namespace Engine.Models;

using Engine.Memory;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

/// <summary>Principal component analysis, the linear baseline: mean, covariance eigenvectors by eigenvalue, codes and reconstructions.</summary>
public sealed class Pca
{
    private const int Chunk = 2048;                              // rows per covariance GEMM

    private Pca(float[] mean, double[] eigenvalues, float[] components)
    {
        (Mean, Eigenvalues, Components) = (mean, eigenvalues, components);
        double total = eigenvalues.Sum();
        double running = 0;
        CumulativeExplained = eigenvalues.Select(v => (running += v) / total).ToArray();
    }

    public int Dimension => Mean.Length;

    /// <summary>m (D).</summary>
    public float[] Mean { get; }

    /// <summary>The covariance's eigenvalues, largest first, negatives (round-off) set to 0 (D).</summary>
    public double[] Eigenvalues { get; }

    /// <summary>Every eigenvector as a row, in the order of <see cref="Eigenvalues"/> (D, D).</summary>
    public float[] Components { get; }

    /// <summary>Share of the total variance kept by the first k components, at index k - 1 (D).</summary>
    public double[] CumulativeExplained { get; }

    /// <summary>Fits images (N, D), N >= 2. The covariance is summed in double from float GEMMs over chunks of rows.</summary>
    public static Pca Fit(float[] images, int dimension)
    {
        int n = images.Length / dimension;
        if (n < 2 || images.Length != n * dimension)
        {
            throw new ArgumentException($"PCA needs at least 2 images of {dimension} values; got {images.Length} values.");
        }
        var mean = new double[dimension];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < dimension; j++) mean[j] += images[i * dimension + j];
        for (int j = 0; j < dimension; j++) mean[j] /= n;

        var covariance = new double[dimension, dimension];
        using (NoGrad.Scope())
        {
            for (int start = 0; start < n; start += Chunk)
            {
                using var scope = TensorScope.Begin();
                int m = Math.Min(Chunk, n - start);
                var centred = new float[m * dimension];                         // (m, D)
                var transposed = new float[dimension * m];                      // (D, m)
                for (int i = 0; i < m; i++)
                    for (int j = 0; j < dimension; j++)
                    {
                        float v = (float)(images[(start + i) * dimension + j] - mean[j]);
                        centred[i * dimension + j] = v;
                        transposed[j * m + i] = v;
                    }
                var product = Tensor.FromArray(transposed, dimension, m).MatMul(Tensor.FromArray(centred, m, dimension)).ToArray();
                for (int p = 0; p < dimension; p++)
                    for (int q = 0; q < dimension; q++) covariance[p, q] += product[p * dimension + q];
            }
        }
        for (int p = 0; p < dimension; p++)
            for (int q = 0; q < dimension; q++) covariance[p, q] /= n - 1;
        return FromCovariance(mean, covariance);
    }

    /// <summary>
    /// The fit of mean m (D) and covariance S (D, D): S's eigendecomposition (symmetric, in double), eigenvectors sorted by
    /// eigenvalue, largest first. <see cref="Fit"/> and <see cref="RunningCovariance.Fit"/> end here.
    /// </summary>
    internal static Pca FromCovariance(double[] mean, double[,] covariance)
    {
        int dimension = mean.Length;
        var evd = Matrix<double>.Build.DenseOfArray(covariance).Evd(Symmetricity.Symmetric);
        var order = Enumerable.Range(0, dimension).OrderByDescending(i => evd.EigenValues[i].Real).ToArray();
        var components = new float[dimension * dimension];
        for (int r = 0; r < dimension; r++)
        {
            var vector = evd.EigenVectors.Column(order[r]);
            for (int j = 0; j < dimension; j++) components[r * dimension + j] = (float)vector[j];
        }
        var eigenvalues = order.Select(i => Math.Max(evd.EigenValues[i].Real, 0)).ToArray();
        return new Pca(mean.Select(v => (float)v).ToArray(), eigenvalues, components);
    }

    /// <summary>
    /// A fit held elsewhere (a run's checkpoint): m (D), the eigenvalues largest first (D) and every eigenvector as a row in
    /// their order (D, D).
    /// </summary>
    public static Pca FromParts(float[] mean, double[] eigenvalues, float[] components)
    {
        int d = mean.Length;
        if (eigenvalues.Length != d || components.Length != d * d)
        {
            throw new ArgumentException($"A PCA fit of {d} dimensions has {d} eigenvalues and {d} x {d} component values; got " +
                $"{eigenvalues.Length} and {components.Length}.");
        }
        return new Pca(mean, eigenvalues, components);
    }

    /// <summary>The smallest K whose components keep at least <paramref name="share"/> of the variance (0 &lt; share &lt;= 1).</summary>
    public int ComponentsFor(double share)
    {
        if (!(share > 0 && share <= 1)) throw new ArgumentException($"The variance share must be in (0, 1]; got {share}.");
        int index = Array.FindIndex(CumulativeExplained, c => c >= share - 1e-12);
        return index < 0 ? Dimension : index + 1;
    }

    /// <summary>Codes (N, K) of images (N, D): c = (x - m) W_K^T.</summary>
    public float[] Encode(float[] images, int components) => Project(images, components, reconstruct: false);

    /// <summary>Reconstructions (N, D) of images (N, D) from K components: x_hat = m + ((x - m) W_K^T) W_K.</summary>
    public float[] Reconstruct(float[] images, int components) => Project(images, components, reconstruct: true);

    /// <summary>Images (N, D) of codes (N, K): x = m + c W_K.</summary>
    public float[] Decode(float[] codes, int components)
    {
        int d = Dimension, k = components, n = codes.Length / Math.Max(k, 1);
        if (k < 1 || k > d || codes.Length != n * k) throw new ArgumentException($"Codes of {k} components (1..{d}) in whole rows; got {codes.Length} values.");
        using var noGrad = NoGrad.Scope();
        using var scope = TensorScope.Begin();
        var output = Tensor.FromArray(codes, n, k).MatMul(Tensor.FromArray(Components.AsSpan(0, k * d).ToArray(), k, d)).ToArray();   // (N, D)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) output[i * d + j] += Mean[j];
        return output;
    }

    private float[] Project(float[] images, int k, bool reconstruct)
    {
        int d = Dimension, n = images.Length / d;
        if (k < 1 || k > d) throw new ArgumentException($"The number of components must be in 1..{d}; got {k}.");
        var centred = new float[images.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) centred[i * d + j] = images[i * d + j] - Mean[j];
        var basis = Components.AsSpan(0, k * d).ToArray();                      // W_K (K, D)
        var transposed = new float[d * k];                                      // W_K^T (D, K)
        for (int r = 0; r < k; r++)
            for (int j = 0; j < d; j++) transposed[j * k + r] = basis[r * d + j];
        using var noGrad = NoGrad.Scope();
        using var scope = TensorScope.Begin();
        var codes = Tensor.FromArray(centred, n, d).MatMul(Tensor.FromArray(transposed, d, k));   // (N, K)
        if (!reconstruct) return codes.ToArray();
        var output = codes.MatMul(Tensor.FromArray(basis, k, d)).ToArray();                      // (N, D)
        for (int i = 0; i < n; i++)
            for (int j = 0; j < d; j++) output[i * d + j] += Mean[j];
        return output;
    }
}
