// The tape's contract: gradients accumulate across Backward calls until ZeroGrad, NoGrad records nothing,
// Detach cuts the graph, several backward passes per step work (the adversarial AE's phases), and errors are clear.
namespace Engine.Tests.Tensors;

public class AutogradBehaviourTests
{
    private static Tensor Leaf(params float[] values)
    {
        var t = Tensor.FromArray(values, values.Length);
        t.RequiresGrad = true;
        return t;
    }

    [Test]
    public void GradientsAccumulateUntilZeroGrad()
    {
        var x = Leaf(1f, 2f, 3f);
        (x * x).Sum().Backward();
        (x * x).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 4f, 8f, 12f }));      // 2 * 2x
        x.ZeroGrad();
        (x * 3f).Sum().Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 3f, 3f, 3f }));
    }

    [Test]
    public void NoGradRecordsNothing()
    {
        var x = Leaf(1f, 2f);
        using (NoGrad.Scope())
        {
            var y = x * x;
            Assert.That(y.RequiresGrad, Is.False);
            Assert.That(y.Creator, Is.Null);
        }
        Assert.That((x * x).RequiresGrad, Is.True);
    }

    [Test]
    public void DetachCutsTheGraph()
    {
        var x = Leaf(2f);
        var y = x * x;
        var loss = (y.Detach() * x).Sum();      // d/dx (c * x) with c = x^2 held constant = 4
        loss.Backward();
        Assert.That(x.Grad!.ToArray(), Is.EqualTo(new[] { 4f }));
    }

    [Test]
    public void SeveralBackwardPassesThroughSharedSubgraphs()
    {
        var x = Leaf(1f, -2f);
        var w = Leaf(3f, 4f);
        var h = x * w;                          // shared by two losses, as an encoder output used by two phases
        h.Sum().Backward();
        (h * h).Sum().Backward();
        Assert.That(w.Grad!.ToArray(), Is.EqualTo(new[] { 1f + 2 * 3f, -2f + 2 * 4f * 4f }));
    }

    [Test]
    public void BackwardNeedsAScalarThatRequiresGrad()
    {
        var x = Leaf(1f, 2f);
        Assert.That(Assert.Throws<InvalidOperationException>(() => (x * 2f).Backward())!.Message, Does.Contain("scalar"));
        var constant = Tensor.FromArray([1f], 1);
        Assert.That(Assert.Throws<InvalidOperationException>(() => constant.Sum().Backward())!.Message, Does.Contain("does not require gradients"));
    }

    [Test]
    public void ShapeErrorsNameBothShapes()
    {
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4);
        Assert.That(Assert.Throws<ArgumentException>(() => _ = a + b)!.Message, Does.Contain("(4)").And.Contain("(2, 3)"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.MatMul(a))!.Message, Does.Contain("(2, 3) @ (2, 3)"));
        Assert.That(Assert.Throws<ArgumentException>(() => a.Reshape(4, 2))!.Message, Does.Contain("(4, 2)"));
    }

    [Test]
    public void TensorsFromDifferentBackendsAreRejected()
    {
        var a = Tensor.Zeros(new Shape(3), Backends.Cpu);
        var b = Tensor.Zeros(new Shape(3), Backends.Reference);
        Assert.That(Assert.Throws<ArgumentException>(() => _ = a + b)!.Message, Does.Contain("different backends"));
    }
}
