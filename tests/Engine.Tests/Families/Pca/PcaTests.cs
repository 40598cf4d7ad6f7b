// PCA: on data that lies in a known low-dimensional subspace it finds that subspace (all the variance in its first
// components, exact reconstructions, orthonormal components); on real images 90% of the variance needs far fewer than D;
// and the covariance gathered batch by batch (RunningCovariance, what `train pca` does) gives the one-pass fit.
namespace Engine.Tests.Families.Pca;

using Engine.Models;
using Engine.Nn.Checkpoints;
using Engine.Nn.Data;

public class PcaTests
{
    /// <summary>N points 0.5 + a0 u0 + a1 u1 in D dimensions: u0 on the first half, u1 (alternating signs) on the second, a1 smaller.</summary>
    private static float[] RankTwo(int n, int d)
    {
        var random = new Random(7);
        var output = new float[n * d];
        for (int i = 0; i < n; i++)
        {
            double a0 = random.NextDouble() * 2 - 1, a1 = (random.NextDouble() * 2 - 1) * 0.3;
            for (int j = 0; j < d; j++)
            {
                output[i * d + j] = (float)(0.5 + (j < d / 2 ? a0 : a1 * (j % 2 == 0 ? 1 : -1)) / Math.Sqrt(d / 2));
            }
        }
        return output;
    }

    [Test]
    public void FindsTheSubspaceOfLowRankData()
    {
        const int d = 16;
        var data = RankTwo(200, d);
        var pca = Pca.Fit(data, d);
        Assert.That(pca.Eigenvalues, Is.Ordered.Descending);
        Assert.That(pca.CumulativeExplained[1], Is.EqualTo(1).Within(1e-5), "two directions carry all the variance");
        Assert.That(pca.ComponentsFor(0.999), Is.EqualTo(2));
        Assert.That(pca.ComponentsFor(1e-3), Is.EqualTo(1));
        var reconstructed = pca.Reconstruct(data, 2);
        Assert.That(reconstructed.Zip(data, (a, b) => Math.Abs(a - b)).Max(), Is.LessThan(1e-4));
        for (int p = 0; p < 4; p++)
            for (int q = 0; q < 4; q++)
            {
                double dot = Enumerable.Range(0, d).Sum(j => (double)pca.Components[p * d + j] * pca.Components[q * d + j]);
                Assert.That(dot, Is.EqualTo(p == q ? 1 : 0).Within(1e-5), $"components {p}, {q}");
            }
        Assert.That(pca.Encode(data, 2), Has.Length.EqualTo(200 * 2));
    }

    [Test]
    public void NinetyPercentOfFashionMnistNeedsFewComponents()
    {
        var train = FashionMnist.Load(limit: 500).Train;
        var pca = Pca.Fit(train.Images, train.PixelsPerImage);
        int k = pca.ComponentsFor(0.9);
        Assert.That(k, Is.InRange(10, 200));
        Assert.That(pca.CumulativeExplained[^1], Is.EqualTo(1).Within(1e-9));
        Assert.Throws<ArgumentException>(() => pca.Reconstruct(train.Images, 785));
        Assert.Throws<ArgumentException>(() => pca.ComponentsFor(1.5));
    }

    [TestCase(64)]
    [TestCase(7)]
    public void ABatchStreamedFitEqualsTheOneShotFit(int batch)
    {
        var train = FashionMnist.Load(limit: 500).Train;
        int d = train.PixelsPerImage;
        var oneShot = Pca.Fit(train.Images, d);
        var gathered = new RunningCovariance(d);
        for (int start = 0; start < train.Count; start += batch)
        {
            int count = Math.Min(batch, train.Count - start);
            gathered.Add(train.Images.AsSpan(start * d, count * d).ToArray());
        }
        Assert.That(gathered.Count, Is.EqualTo(train.Count));
        var streamed = gathered.Fit();
        Assert.That(streamed.Mean, Is.EqualTo(oneShot.Mean).Within(1e-6));
        // The eigenvalues that stand above round-off (1e-2 of the largest: float products carry ~1e-7 of it) to 1e-5 relative,
        // and the leading components, whose eigenvalues stand apart, equal up to sign.
        int kept = oneShot.Eigenvalues.TakeWhile(v => v > 1e-2 * oneShot.Eigenvalues[0]).Count();
        Assert.That(kept, Is.GreaterThan(10));
        for (int i = 0; i < kept; i++)
        {
            Assert.That(Math.Abs(streamed.Eigenvalues[i] / oneShot.Eigenvalues[i] - 1), Is.LessThan(1e-5), $"eigenvalue {i}");
        }
        for (int r = 0; r < 10; r++)
        {
            double dot = Enumerable.Range(0, d).Sum(j => (double)streamed.Components[r * d + j] * oneShot.Components[r * d + j]);
            Assert.That(Math.Abs(dot), Is.EqualTo(1).Within(1e-5), $"component {r}");
        }
    }

    [Test]
    public void TheGatheredSumsSurviveACheckpointExactly()
    {
        var train = FashionMnist.Load(limit: 100).Train;
        int d = train.PixelsPerImage;
        var gathered = new RunningCovariance(d);
        gathered.Add(train.Images.AsSpan(0, 30 * d).ToArray());
        gathered.Add(train.Images.AsSpan(30 * d, 70 * d).ToArray());
        var stream = new MemoryStream();
        SafetensorsFile.Write(stream, gathered.ToTensors("pca"));
        stream.Position = 0;
        var restored = new RunningCovariance(d);
        restored.Restore(SafetensorsFile.Read(stream, "state"), "pca", "state");
        Assert.That(restored.Count, Is.EqualTo(100));
        Assert.That(restored.Mean, Is.EqualTo(gathered.Mean));
        Assert.That(restored.ToTensors("pca").Select(t => t.Data), Is.EqualTo(gathered.ToTensors("pca").Select(t => t.Data)), "bit for bit");
        Assert.That(restored.Fit().Eigenvalues, Is.EqualTo(gathered.Fit().Eigenvalues));
        var e = Assert.Throws<SafetensorsFormatException>(() => new RunningCovariance(d).Restore(SafetensorsFile.Read(new MemoryStream(stream.ToArray()), "state"), "other", "state"))!;
        Assert.That(e.Message, Does.Contain("other.count").And.Contain("missing"));
    }
}
