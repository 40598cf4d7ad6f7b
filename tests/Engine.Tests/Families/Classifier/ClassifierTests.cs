// The classifier: shapes and names, the loss falls over a few steps on a tiny batch, and its arg-max and accuracy.
namespace Engine.Tests.Families.Classifier;

using Engine.Models;
using static Engine.Tests.Families.TinyTraining;

public class ClassifierTests
{
    [Test]
    public void ClassifierShapesNamesAndLossFalls()
    {
        Generator.ManualSeed(8);
        var model = new Classifier(ImageShape.FashionMnist);
        var names = model.StateDict().Select(e => e.Name).ToList();
        Assert.That(names, Does.Contain("encoder.encoder.0.0.weight").And.Contain("head.weight").And.Contain("head.bias"));
        Assert.That(model.Head.Weight.Shape, Is.EqualTo(new Shape(10, Classifier.DefaultFeatures)));
        var x = Tensor.FromArray(Rectangles(8, 4), 8, 1, 28, 28);
        int[] labels = [0, 1, 2, 3, 0, 1, 2, 3];
        using (NoGrad.Scope())
        {
            Assert.That(model.Forward(x).Shape, Is.EqualTo(new Shape(8, 10)));
        }
        Assert.That(model.Predict(x), Has.Length.EqualTo(8).And.All.InRange(0, 9));
        float ratio = LossDrop(model, 6, () => Classifier.Loss(model.Forward(x), labels));
        Assert.That(ratio, Is.LessThan(0.9f));
    }

    [Test]
    public void ArgMaxAndAccuracy()
    {
        Assert.That(Classifier.ArgMax([0.1f, 0.7f, 0.2f, 0.5f, 0.5f, -1f], 3), Is.EqualTo(new[] { 1, 0 }), "ties take the first");
        Assert.That(Classifier.Accuracy([1, 2, 3, 4], [1, 2, 0, 4]), Is.EqualTo(0.75f));
        Assert.Throws<ArgumentException>(() => Classifier.Accuracy([1], [1, 2]));
    }
}
