// The disentangled AAE's independence term (DisentangledAdversarialAutoencoder.IndependenceLoss): how far apart the
// class means of the style codes sit, measured so that scale does not matter, with a gradient that brings them together.
namespace Engine.Tests.Families.AaeDisentangled;

using Engine.Models;

public class IndependenceLossTests
{
    /// <summary>
    /// The independence term is 0 when every class holds the same codes, positive when the classes sit apart, blind to
    /// the codes' scale, and its gradient moves the class means together.
    /// </summary>
    [Test]
    public void IndependenceLossMeasuresHowFarTheClassMeansAre()
    {
        float[] rows = [0.3f, -1.2f, 1.5f, 0.4f, -0.7f, 2.0f, 0.1f, 0.9f, -1.8f];                      // 3 codes, Z = 3
        float[] same = [.. rows, .. rows], apart = [.. rows, .. rows.Select(v => v + 1.5f)];
        int[] labels = [0, 0, 0, 1, 1, 1];
        float Loss(float[] codes, float scale = 1) => DisentangledAdversarialAutoencoder.IndependenceLoss(
            Tensor.FromArray([.. codes.Select(v => v * scale)], 6, 3), labels, 2, new Generator(5)).ToScalar();
        Assert.That(Loss(same), Is.EqualTo(0).Within(1e-6), "the same codes in both classes");
        Assert.That(Loss(apart), Is.GreaterThan(0.1));
        Assert.That(Loss(apart, 7f), Is.EqualTo(Loss(apart)).Within(1e-4), "scaling z changes nothing");

        var z = Tensor.FromArray(apart, 6, 3);
        z.RequiresGrad = true;
        DisentangledAdversarialAutoencoder.IndependenceLoss(z, labels, 2, new Generator(5)).Backward();
        var grad = z.Grad!.ToArray();
        double gap = Enumerable.Range(0, 9).Sum(i => (double)apart[9 + i] - apart[i]);                    // class 1 minus class 0, summed
        double along = Enumerable.Range(0, 9).Sum(i => (double)grad[9 + i] - grad[i]);
        Assert.That(along * gap, Is.GreaterThan(0), "descending the gradient brings the class means together");
    }
}
