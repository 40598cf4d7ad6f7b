// k-NN classification in an embedding: majority of the k nearest, ties as scikit-learn, accuracy and argument checks.
namespace Engine.Tests.Analysis;

using Engine.Models;

public class NearestNeighboursTests
{
    // 1-D reference points: class 0 at 0, 1, 2; class 1 at 10, 11, 12, 13.
    private static readonly float[] Line = [0, 1, 2, 10, 11, 12, 13];
    private static readonly int[] LineLabels = [0, 0, 0, 1, 1, 1, 1];

    [Test]
    public void MajorityOfTheKNearestByHand()
    {
        // 1.5: nearest 1, 2, 0, 10, 11 -> votes 3 : 2 -> 0.   9: nearest 10, 11, 12, 13, 2 -> 1.
        Assert.That(NearestNeighbours.Classify(Line, LineLabels, [1.5f, 9f], dims: 1), Is.EqualTo(new[] { 0, 1 }));
        // k = 1: plain nearest neighbour; 5.9 is nearer 2 than 10, 6.1 nearer 10.
        Assert.That(NearestNeighbours.Classify(Line, LineLabels, [5.9f, 6.1f], dims: 1, k: 1), Is.EqualTo(new[] { 0, 1 }));
        // k = 4 at 6: 2 and 10 (distance 4), 1 and 11 (5) -> 2 : 2, a tie -> the lower label.
        Assert.That(NearestNeighbours.Classify(Line, LineLabels, [6f], dims: 1, k: 4), Is.EqualTo(new[] { 0 }));
        // k = 7 (every point): 4 of class 1 win anywhere.
        Assert.That(NearestNeighbours.Classify(Line, LineLabels, [0f], dims: 1, k: 7), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void TwoDimensionsAndAccuracy()
    {
        // Three classes at the corners of a triangle, 5 points each in a small cross; queries near each corner and one between.
        var points = new List<float>();
        var labels = new List<int>();
        (float X, float Y)[] corners = [(0, 0), (4, 0), (0, 4)];
        for (int c = 0; c < 3; c++)
        {
            foreach (var (dx, dy) in new[] { (0f, 0f), (0.1f, 0f), (-0.1f, 0f), (0f, 0.1f), (0f, -0.1f) })
            {
                points.AddRange([corners[c].X + dx, corners[c].Y + dy]);
                labels.Add(c);
            }
        }
        float[] queries = [0.2f, 0.1f, 3.7f, 0.3f, 0.1f, 3.5f, 1.9f, 2.1f];   // the last is nearer (0, 4) than (4, 0)
        Assert.That(NearestNeighbours.Classify(points.ToArray(), labels.ToArray(), queries, dims: 2), Is.EqualTo(new[] { 0, 1, 2, 2 }));
        float accuracy = NearestNeighbours.Accuracy(points.ToArray(), labels.ToArray(), queries, [0, 1, 2, 1], dims: 2);
        Assert.That(accuracy, Is.EqualTo(0.75f));
    }

    [Test]
    public void BadArgumentsAreClear()
    {
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => NearestNeighbours.Classify(Line, LineLabels, [0f], 1, k: 8))!.Message,
            Does.Contain("1..7"));
        Assert.That(Assert.Throws<ArgumentException>(() => NearestNeighbours.Classify(Line, LineLabels, [0f], dims: 2))!.Message,
            Does.Contain("[N, 2]"));
    }
}
