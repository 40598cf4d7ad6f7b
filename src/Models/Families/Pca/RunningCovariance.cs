// The training images' count n, mean m and scatter matrix C = sum_i (x_i - m)(x_i - m)^T, gathered batch by batch in double
// (the pairwise update of Chan, Golub and LeVeque): a batch of n_b images with its own mean m_b and scatter C_b merges as
//   n' = n + n_b,   d = m_b - m,   m' = m + d n_b / n',   C' = C + C_b + d d^T n n_b / n'.
// Each batch is centred on its own mean before its products (a float GEMM, summed into double), so the values multiplied are
// small and any batching gives the fit of one pass over all the images, to rounding. D = pixels, B = images in a batch.
namespace Engine.Models;

using System.Runtime.InteropServices;
using Engine.Memory;
using Engine.Nn.Checkpoints;

public sealed class RunningCovariance
{
    private readonly double[] _mean;                                  // m (D)
    private readonly double[] _scatter;                               // C (D, D), row-major

    public RunningCovariance(int dimension)
    {
        if (dimension < 1) throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "A covariance needs at least one dimension.");
        (_mean, _scatter) = (new double[dimension], new double[dimension * dimension]);
    }

    public int Dimension => _mean.Length;

    /// <summary>n: the images gathered so far.</summary>
    public long Count { get; private set; }

    /// <summary>m (D): the mean of the images gathered so far (zeros before the first).</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Adds a batch of images (B, D), B >= 1.</summary>
    public void Add(float[] images)
    {
        int d = Dimension, b = images.Length / d;
        if (b < 1 || images.Length != b * d)
        {
            throw new ArgumentException($"A batch for a {d}-value covariance holds whole images of {d} values; got {images.Length} values.");
        }
        var batchMean = new double[d];                                                   // m_b (D)
        for (int i = 0; i < b; i++)
            for (int j = 0; j < d; j++) batchMean[j] += images[i * d + j];
        for (int j = 0; j < d; j++) batchMean[j] /= b;

        var centred = new float[b * d];                                                  // x - m_b (B, D)
        var transposed = new float[d * b];                                               // its transpose (D, B)
        for (int i = 0; i < b; i++)
            for (int j = 0; j < d; j++)
            {
                float v = (float)(images[i * d + j] - batchMean[j]);
                centred[i * d + j] = v;
                transposed[j * b + i] = v;
            }
        float[] batchScatter;                                                            // C_b (D, D)
        using (NoGrad.Scope())
        using (TensorScope.Begin())
        {
            batchScatter = Tensor.FromArray(transposed, d, b).MatMul(Tensor.FromArray(centred, b, d)).ToArray();
        }

        long n = Count, total = n + b;
        var delta = new double[d];                                                       // d = m_b - m (D)
        for (int j = 0; j < d; j++) delta[j] = batchMean[j] - _mean[j];
        double weight = (double)n * b / total;                                           // n n_b / n'
        for (int p = 0; p < d; p++)
            for (int q = 0; q < d; q++) _scatter[p * d + q] += batchScatter[p * d + q] + delta[p] * delta[q] * weight;
        for (int j = 0; j < d; j++) _mean[j] += delta[j] * b / total;
        Count = total;
    }

    /// <summary>The PCA of the images gathered: covariance S = C / (n - 1) and its eigendecomposition. Needs n >= 2.</summary>
    public Pca Fit()
    {
        if (Count < 2)
        {
            throw new InvalidOperationException($"PCA needs at least 2 images to estimate a covariance; {Count} were gathered.");
        }
        int d = Dimension;
        var covariance = new double[d, d];
        for (int p = 0; p < d; p++)
            for (int q = 0; q < d; q++) covariance[p, q] = _scatter[p * d + q] / (Count - 1);
        return Pca.FromCovariance(_mean, covariance);
    }

    /// <summary>n, m and C as F64 tensors named PREFIX.count, PREFIX.mean, PREFIX.scatter: exactly what was gathered, for a checkpoint.</summary>
    public IReadOnlyList<SafetensorsTensor> ToTensors(string prefix) =>
    [
        Doubles($"{prefix}.count", [Count], [1]),
        Doubles($"{prefix}.mean", _mean, [Dimension]),
        Doubles($"{prefix}.scatter", _scatter, [Dimension, Dimension]),
    ];

    /// <summary>Replaces what was gathered by what <see cref="ToTensors"/> saved in <paramref name="contents"/> (<paramref name="path"/> names the file in errors).</summary>
    public void Restore(SafetensorsContents contents, string prefix, string path)
    {
        double[] Read(string name, int count)
        {
            var tensor = contents.Tensors.FirstOrDefault(t => t.Name == $"{prefix}.{name}")
                ?? throw new SafetensorsFormatException(path, $"{prefix}.{name}", "is missing: the state was saved by another model.");
            if (tensor.DType != SafetensorsDType.F64 || tensor.ElementCount != count)
            {
                throw new SafetensorsFormatException(path, tensor.Name, $"must hold {count} F64 values; it holds {tensor.ElementCount} {tensor.DType}.");
            }
            return MemoryMarshal.Cast<byte, double>(tensor.Data).ToArray();            // safetensors is little-endian, as .NET on every platform it runs on
        }
        double count = Read("count", 1)[0];
        var mean = Read("mean", Dimension);
        var scatter = Read("scatter", Dimension * Dimension);
        if (!(count >= 0 && count == Math.Floor(count)) || mean.Concat(scatter).Any(v => !double.IsFinite(v)))
        {
            throw new SafetensorsFormatException(path, $"{prefix}.count", "or the sums beside it are not a count and finite values: the file is damaged.");
        }
        Count = (long)count;
        mean.CopyTo(_mean, 0);
        scatter.CopyTo(_scatter, 0);
    }

    private static SafetensorsTensor Doubles(string name, double[] values, int[] shape) =>
        new(name, SafetensorsDType.F64, shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
}
