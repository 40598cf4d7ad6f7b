// The known labels of a semi-supervised run: N training items, balanced over the K classes (N / K each, the N mod K
// largest classes one more, ties by class index), picked by a seeded shuffle of each class's items. Bad counts are one
// clear line, found by Quotas before anything is picked (the run's check reads Quotas; the experiment picks once).
namespace Engine.Models.Experiments;

using Engine.Models.Training;
using Engine.Nn.Data;

public static class LabelSubset
{
    /// <summary>How many known labels each class gets [K]; a count the training set cannot give is one clear line.</summary>
    public static int[] Quotas(Dataset train, int count)
    {
        int k = train.ClassCount;
        if (count < 1 || count > train.Count)
        {
            throw new ArgumentException($"--labels must be from 1 to the {train.Count:N0} training images; got {count:N0}.");
        }
        var sizes = new int[k];
        foreach (int label in train.Labels) sizes[label]++;
        var extra = Enumerable.Range(0, k).OrderByDescending(c => sizes[c]).ThenBy(c => c).Take(count % k).ToHashSet();
        var quotas = Enumerable.Range(0, k).Select(c => count / k + (extra.Contains(c) ? 1 : 0)).ToArray();
        for (int c = 0; c < k; c++)
        {
            if (sizes[c] < quotas[c])
            {
                throw new ArgumentException($"--labels {count:N0} needs {quotas[c]:N0} images of class {train.ClassNames[c]}, but the training set has {sizes[c]:N0}; give fewer labels.");
            }
        }
        return quotas;
    }

    /// <summary>The indices into <paramref name="train"/> whose labels are known, in increasing order.</summary>
    public static int[] Pick(Dataset train, int count, ulong seed)
    {
        var quotas = Quotas(train, count);
        var keys = Tensor.RandU(new Shape(train.Count), 0f, 1f, new Generator(seed ^ RandomStreams.Labels)).ToArray();
        var picked = new List<int>();
        for (int c = 0; c < quotas.Length; c++)
        {
            picked.AddRange(Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == c).OrderBy(i => keys[i]).ThenBy(i => i).Take(quotas[c]));
        }
        return [.. picked.Order()];
    }
}
