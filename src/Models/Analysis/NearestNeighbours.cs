// k-nearest-neighbour classification in an embedding (the lecture's claim "autoencoders give better low-dimensional
// embeddings than PCA" is scored by it): each query takes the majority label of its k nearest reference points by
// Euclidean distance (k = 5 by default). Ties: equal distances keep the lower reference index; a tied vote goes to the
// lowest label (scikit-learn's KNeighborsClassifier with uniform weights does the same).
// N = reference points, M = queries, D = embedding dimensions (2 here), K = classes; points are [N, D] row-major.
namespace Engine.Models;

public static class NearestNeighbours
{
    public const int DefaultK = 5;

    /// <summary>The predicted label [M] of each query [M, D] from the reference points [N, D] and their labels [N].</summary>
    public static int[] Classify(
        ReadOnlySpan<float> reference, ReadOnlySpan<int> referenceLabels, ReadOnlySpan<float> queries, int dims, int k = DefaultK)
    {
        if (dims <= 0 || reference.Length != referenceLabels.Length * dims || queries.Length % dims != 0)
        {
            throw new ArgumentException(
                $"k-NN needs reference points [N, {dims}] with N labels and queries [M, {dims}]; got {reference.Length} reference values " +
                $"for {referenceLabels.Length} labels and {queries.Length} query values.");
        }
        if (k <= 0 || k > referenceLabels.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(k), $"k = {k}; it must be in 1..{referenceLabels.Length} (the reference points).");
        }
        int classes = 0;
        foreach (int label in referenceLabels)
        {
            if (label < 0) throw new ArgumentException($"Label {label} is negative; k-NN labels are 0..K-1.");
            classes = Math.Max(classes, label + 1);
        }
        int m = queries.Length / dims;
        var predicted = new int[m];
        var nearest = new int[k];                // reference indices, nearest first
        var distance = new double[k];            // their squared distances
        var votes = new int[classes];
        for (int q = 0; q < m; q++)
        {
            var query = queries.Slice(q * dims, dims);
            int found = 0;
            for (int r = 0; r < referenceLabels.Length; r++)
            {
                double d2 = 0;
                for (int j = 0; j < dims; j++)
                {
                    double diff = reference[r * dims + j] - query[j];
                    d2 += diff * diff;
                }
                if (found == k && d2 >= distance[k - 1]) continue;    // not nearer than the k-th (equal: the earlier index stays)
                int at = found < k ? found++ : k - 1;
                while (at > 0 && distance[at - 1] > d2)
                {
                    (nearest[at], distance[at]) = (nearest[at - 1], distance[at - 1]);
                    at--;
                }
                (nearest[at], distance[at]) = (r, d2);
            }
            Array.Clear(votes);
            for (int i = 0; i < k; i++) votes[referenceLabels[nearest[i]]]++;
            int best = 0;
            for (int c = 1; c < classes; c++) if (votes[c] > votes[best]) best = c;
            predicted[q] = best;
        }
        return predicted;
    }

    /// <summary>The fraction of queries whose k-NN label equals their own label.</summary>
    public static float Accuracy(
        ReadOnlySpan<float> reference, ReadOnlySpan<int> referenceLabels, ReadOnlySpan<float> queries, ReadOnlySpan<int> queryLabels,
        int dims, int k = DefaultK)
    {
        var predicted = Classify(reference, referenceLabels, queries, dims, k);
        if (predicted.Length != queryLabels.Length)
        {
            throw new ArgumentException($"{predicted.Length} queries but {queryLabels.Length} query labels.");
        }
        return Classifier.Accuracy(predicted, queryLabels);
    }
}
