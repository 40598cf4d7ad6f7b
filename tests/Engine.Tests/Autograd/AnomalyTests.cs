// Anomaly detection (like torch.autograd.detect_anomaly): the first op whose output turns non-finite is named, a
// non-finite leaf is named as an input, a backward that returns a non-finite gradient is named, and nothing is
// checked outside Anomaly.Detect().
namespace Engine.Tests.Autograd;

public class AnomalyTests
{
    private static Tensor Leaf(params float[] values)
    {
        var t = Tensor.FromArray(values, new Shape(values.Length));
        t.RequiresGrad = true;
        return t;
    }

    [Test]
    public void TheFirstOpWithANonFiniteOutputIsNamed()
    {
        var x = Leaf(2f, 3f);
        using var anomaly = Anomaly.Detect();
        var e = Assert.Throws<AnomalyException>(() => ((x * -1f).Log() * 2f).Exp())!;   // Affine is fine, Log makes NaN
        Assert.That(e.Message, Does.StartWith("Anomaly: Log is the first op whose output is not finite").And.Contain("NaN at index 0"));
    }

    [Test]
    public void ANonFiniteLeafIsNamedAsTheInput()
    {
        var x = Leaf(1f, float.PositiveInfinity);
        using var anomaly = Anomaly.Detect();
        var e = Assert.Throws<AnomalyException>(() => x.Sqrt())!;
        Assert.That(e.Message, Does.Contain("input 0 of Sqrt").And.Contain("+infinity at index 1"));
    }

    [Test]
    public void ABackwardThatReturnsANonFiniteGradientIsNamed()
    {
        var x = Leaf(0f, 4f);
        using var anomaly = Anomaly.Detect();
        var loss = x.Sqrt().Sum();                                   // forward finite; d sqrt(x)/dx = 1 / (2 sqrt(0)) is not
        var e = Assert.Throws<AnomalyException>(() => loss.Backward())!;
        Assert.That(e.Message, Does.StartWith("Anomaly: the backward of Sqrt returned +infinity in the gradient of its input 0")
            .And.Contain("from a finite output gradient"));
    }

    [Test]
    public void NothingIsCheckedOutsideDetect()
    {
        var x = Leaf(-1f);
        Assert.That(float.IsNaN(x.Log().ToArray()[0]));
        using (Anomaly.Detect())
        {
        }
        Assert.That(Anomaly.IsEnabled, Is.False);
        Assert.That(float.IsNaN(x.Log().ToArray()[0]));
    }
}
