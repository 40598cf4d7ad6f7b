// Mini-batches over a Dataset in a seeded order. Epoch e's order is a Fisher-Yates shuffle driven by Philox with
// key = seed ^ ShuffleStream, counters (e << 32) + i: it depends only on (seed, epoch), so a resumed run sees the same order.
// Batches reuse two preallocated Batch objects (full size and the smaller last one): no allocation per batch.
using Engine.Kernels;

namespace Engine.Nn.Data;

/// <summary>Mini-batches over a <see cref="Dataset"/> in a seeded order that depends only on (seed, epoch), so a resumed run sees the same batches.</summary>
public sealed class BatchLoader
{
    /// <summary>Mixed into the seed so shuffling never reuses the Philox stream of init or noise drawn with the same seed.</summary>
    public const ulong ShuffleStream = 0x5368_7566_666C_6521; // "Shuffle!"

    private readonly Dataset _data;
    private readonly int[] _order;
    private readonly Batch _full;
    private Batch? _tail;

    /// <summary>Batches of <paramref name="batchSize"/> items of <paramref name="data"/>, shuffled by <paramref name="seed"/> unless <paramref name="shuffle"/> is false.</summary>
    public BatchLoader(Dataset data, int batchSize, ulong seed, bool shuffle = true, bool dropLast = false)
    {
        if (batchSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"batchSize = {batchSize}; it must be positive.");
        }
        if (data.Count == 0 || (dropLast && data.Count < batchSize))
        {
            throw new ArgumentException(
                $"The dataset has {data.Count} items, which gives no batch of {batchSize}" +
                (dropLast ? " with dropLast; lower the batch size or disable dropLast." : "; load some data first."));
        }
        _data = data;
        BatchSize = batchSize;
        Seed = seed;
        Shuffle = shuffle;
        DropLast = dropLast;
        _order = new int[data.Count];
        _full = new Batch(Math.Min(batchSize, data.Count), data.PixelsPerImage);
    }

    public int BatchSize { get; }
    public ulong Seed { get; }
    public bool Shuffle { get; }
    public bool DropLast { get; }

    /// <summary>Batches in one epoch; the last one may be smaller unless DropLast.</summary>
    public int BatchesPerEpoch => DropLast ? _data.Count / BatchSize : (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>Epoch <paramref name="epoch"/>'s permutation of 0..N-1 (identity when Shuffle is off).</summary>
    public int[] Order(int epoch)
    {
        var order = new int[_data.Count];
        FillOrder(epoch, order);
        return order;
    }

    /// <summary>
    /// The batches of epoch <paramref name="epoch"/>, starting at batch <paramref name="startBatch"/> (to resume).
    /// Each yielded Batch is overwritten by the next one of the same size.
    /// </summary>
    public IEnumerable<Batch> Epoch(int epoch, int startBatch = 0)
    {
        if (epoch < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(epoch), $"epoch = {epoch}; epochs count from 0.");
        }
        if (startBatch < 0 || startBatch > BatchesPerEpoch)
        {
            throw new ArgumentOutOfRangeException(nameof(startBatch),
                $"startBatch = {startBatch}, but an epoch has {BatchesPerEpoch} batches (0..{BatchesPerEpoch - 1}).");
        }
        return Iterate(epoch, startBatch);
    }

    private IEnumerable<Batch> Iterate(int epoch, int startBatch)
    {
        FillOrder(epoch, _order);
        int pixels = _data.PixelsPerImage;
        for (int b = startBatch; b < BatchesPerEpoch; b++)
        {
            int start = b * BatchSize;
            int count = Math.Min(BatchSize, _data.Count - start);
            var batch = count == _full.Count ? _full : (_tail ??= new Batch(count, pixels));
            for (int i = 0; i < count; i++)
            {
                int item = _order[start + i];
                batch.Indices[i] = item;
                batch.Labels[i] = _data.Labels[item];
                _data.Image(item).CopyTo(batch.Images.AsSpan(i * pixels, pixels));
            }
            batch.Epoch = epoch;
            batch.Index = b;
            yield return batch;
        }
    }

    private void FillOrder(int epoch, int[] order)
    {
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        if (!Shuffle)
        {
            return;
        }
        ulong stream = (ulong)epoch << 32;
        for (int i = order.Length - 1; i > 0; i--)
        {
            // j uniform in [0, i] by multiply-shift of a 32-bit word (bias below (i + 1) / 2^32, negligible here).
            int j = (int)(((ulong)Philox.Word(Seed ^ ShuffleStream, stream + (ulong)i) * (ulong)(i + 1)) >> 32);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
