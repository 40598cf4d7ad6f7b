// The known labels of a semi-supervised run: N training items, balanced over the K classes (N / K each, the N mod K
// largest classes one more, ties by class index), picked by a seeded shuffle of each class's items. Bad counts are one
// clear line.
namespace Engine.Models.Experiments;

using Engine.Nn.Data;

public static class LabelSubset
{
    /// <summary>The indices into <paramref name="train"/> whose labels are known, in increasing order.</summary>
    public static int[] Pick(Dataset train, int count, ulong seed)
    {
        int k = train.ClassCount;
        if (count < 1 || count > train.Count)
        {
            throw new ArgumentException($"--labels must be from 1 to the {train.Count:N0} training images; got {count:N0}.");
        }
        var keys = Tensor.RandU(new Shape(train.Count), 0f, 1f, new Generator(seed ^ 0x4C6162656C73UL)).ToArray();   // "Labels"
        var sizes = Enumerable.Range(0, k).Select(c => train.Labels.Count(l => l == c)).ToArray();
        var extra = Enumerable.Range(0, k).OrderByDescending(c => sizes[c]).ThenBy(c => c).Take(count % k).ToHashSet();
        var picked = new List<int>();
        for (int c = 0; c < k; c++)
        {
            int wanted = count / k + (extra.Contains(c) ? 1 : 0);
            var ofClass = Enumerable.Range(0, train.Count).Where(i => train.Labels[i] == c).OrderBy(i => keys[i]).ThenBy(i => i).ToArray();
            if (ofClass.Length < wanted)
            {
                throw new ArgumentException($"--labels {count:N0} needs {wanted:N0} images of class {train.ClassNames[c]}, but the training set has {ofClass.Length:N0}; give fewer labels.");
            }
            picked.AddRange(ofClass.Take(wanted));
        }
        return [.. picked.Order()];
    }
}
