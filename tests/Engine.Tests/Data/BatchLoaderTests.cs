// BatchLoader: seeded, per-epoch order; every item once per epoch; resume at batch k equals continuing; buffer reuse.
using Engine.Nn.Data;
using NUnit.Framework;

namespace Engine.Tests.Data;

public class BatchLoaderTests
{
    /// <summary>N items of 2 x 3 pixels; every pixel of item i holds i, label i % 10.</summary>
    private static Dataset Items(int n)
    {
        var images = new float[n * 6];
        for (int i = 0; i < images.Length; i++)
        {
            images[i] = i / 6;
        }
        return new Dataset(images, Enumerable.Range(0, n).Select(i => i % 10).ToArray(), 2, 3, FashionMnist.ClassNames);
    }

    private static List<int[]> Indices(BatchLoader loader, int epoch, int start = 0) =>
        loader.Epoch(epoch, start).Select(b => b.Indices.ToArray()).ToList();

    [Test]
    public void SameSeedSameOrderOtherSeedOrEpochOtherOrder()
    {
        var data = Items(103);
        var a = new BatchLoader(data, 16, seed: 7);
        var b = new BatchLoader(data, 16, seed: 7);
        var c = new BatchLoader(data, 16, seed: 8);
        Assert.That(a.Order(3), Is.EqualTo(b.Order(3)));
        Assert.That(a.Order(3), Is.Not.EqualTo(c.Order(3)));
        Assert.That(a.Order(3), Is.Not.EqualTo(a.Order(4)));
        Assert.That(a.Order(0), Is.Not.EqualTo(Enumerable.Range(0, 103).ToArray()));
        Assert.That(Indices(a, 5).SelectMany(x => x), Is.EqualTo(b.Order(5)));
    }

    [Test]
    public void EachEpochCoversEveryItemOnceWithMatchingImagesAndLabels()
    {
        var data = Items(103);
        var loader = new BatchLoader(data, 16, seed: 1);
        Assert.That(loader.BatchesPerEpoch, Is.EqualTo(7));
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var seen = new List<int>();
            foreach (var batch in loader.Epoch(epoch))
            {
                Assert.That(batch.Epoch, Is.EqualTo(epoch));
                Assert.That(batch.Images, Has.Length.EqualTo(batch.Count * 6));
                for (int i = 0; i < batch.Count; i++)
                {
                    int item = batch.Indices[i];
                    Assert.That(batch.Labels[i], Is.EqualTo(item % 10));
                    Assert.That(batch.Images.AsSpan(i * 6, 6).ToArray(), Is.All.EqualTo((float)item));
                }
                seen.AddRange(batch.Indices);
            }
            Assert.That(seen, Is.EquivalentTo(Enumerable.Range(0, 103)), $"epoch {epoch}");
        }
    }

    [Test]
    public void ResumingAtBatchKEqualsContinuing()
    {
        var data = Items(103);
        var first = new BatchLoader(data, 10, seed: 42);
        var resumed = new BatchLoader(data, 10, seed: 42); // a fresh process after a restart
        var full = Indices(first, 2);
        var fromFour = Indices(resumed, 2, start: 4);
        Assert.That(fromFour, Is.EqualTo(full.Skip(4).ToList()));
        Assert.That(fromFour[0], Is.EqualTo(resumed.Epoch(2).ElementAt(4).Indices.ToArray()));
        Assert.That(resumed.Epoch(2, resumed.BatchesPerEpoch), Is.Empty, "resuming after the last batch yields nothing");
    }

    [Test]
    public void BuffersAreReusedAndTheLastBatchIsExactlySized()
    {
        var loader = new BatchLoader(Items(25), 10, seed: 3);
        var batches = loader.Epoch(0).ToList(); // the same objects, overwritten
        Assert.That(batches, Has.Count.EqualTo(3));
        Assert.That(batches[0], Is.SameAs(batches[1]));
        Assert.That(batches[2].Count, Is.EqualTo(5));
        Assert.That(batches[2].Images, Has.Length.EqualTo(5 * 6));
        Assert.That(loader.Epoch(1).Last(), Is.SameAs(batches[2]), "the tail batch is allocated once");
    }

    [Test]
    public void DropLastSkipsThePartialBatch()
    {
        var loader = new BatchLoader(Items(25), 10, seed: 3, dropLast: true);
        Assert.That(loader.BatchesPerEpoch, Is.EqualTo(2));
        Assert.That(loader.Epoch(0).Select(b => b.Count), Is.EqualTo(new[] { 10, 10 }));
    }

    [Test]
    public void NoShuffleKeepsDatasetOrder()
    {
        var loader = new BatchLoader(Items(25), 10, seed: 3, shuffle: false);
        Assert.That(Indices(loader, 4).SelectMany(x => x), Is.EqualTo(Enumerable.Range(0, 25)));
    }

    [Test]
    public void ShuffleIsRoughlyUniform()
    {
        var loader = new BatchLoader(Items(10), 10, seed: 11);
        var firstCounts = new int[10];
        for (int epoch = 0; epoch < 3000; epoch++)
        {
            firstCounts[loader.Order(epoch)[0]]++;
        }
        Assert.That(firstCounts, Is.All.InRange(220, 380), string.Join(", ", firstCounts)); // 300 +- 4.6 sigma
    }

    [Test]
    public void BadArgumentsSayWhatToChange()
    {
        Assert.That(() => new BatchLoader(Items(5), 0, 1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("positive"));
        Assert.That(() => new BatchLoader(Items(5), 8, 1, dropLast: true), Throws.ArgumentException.With.Message.Contains("dropLast"));
        var loader = new BatchLoader(Items(5), 2, 1);
        Assert.That(() => loader.Epoch(0, 4), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("3 batches"));
    }
}
