// Module.Evaluating: evaluation mode and no graph inside the scope, the module's previous mode after it, also when the
// block throws.
namespace Engine.Tests.Nn;

using Engine.Nn;

public class EvaluationScopeTests
{
    private static Sequential Model() => new(new Linear(3, 2), new BatchNorm1d(2), new Dropout(0.5f));

    [TestCase(true)]
    [TestCase(false)]
    public void InsideTheScopeEveryLayerEvaluatesWithoutAGraphAndTheModeComesBackAfter(bool training)
    {
        var model = Model();
        model.Train(training);
        using (model.Evaluating())
        {
            Assert.That(Layers(model).Select(l => l.Training), Is.All.False);
            Assert.That(NoGrad.IsGradEnabled, Is.False);
            var y = model.Forward(Tensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3));
            Assert.That(y.RequiresGrad, Is.False);
        }
        Assert.That(Layers(model).Select(l => l.Training), Is.All.EqualTo(training));
        Assert.That(NoGrad.IsGradEnabled, Is.True);
    }

    [Test]
    public void AThrowingBlockStillRestoresTheMode()
    {
        var model = Model();
        Assert.Throws<InvalidOperationException>(() =>
        {
            using (model.Evaluating()) throw new InvalidOperationException("inside");
        });
        Assert.That(model.Training, Is.True);
        Assert.That(NoGrad.IsGradEnabled, Is.True);
    }

    [Test]
    public void DisposingTwiceRestoresOnce()
    {
        var model = Model();
        var scope = model.Evaluating();
        scope.Dispose();
        using (NoGrad.Scope())
        {
            scope.Dispose();                                    // must not close the outer NoGrad
            Assert.That(NoGrad.IsGradEnabled, Is.False);
        }
        Assert.That(model.Training, Is.True);
    }

    private static IEnumerable<Module> Layers(Module module) =>
        new[] { module }.Concat(module.Children().SelectMany(c => Layers(c.Module)));
}
