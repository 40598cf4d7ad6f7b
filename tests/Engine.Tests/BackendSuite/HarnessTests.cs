// The conformance harness itself: its sum-of-products bound passes a correct result and catches one that is off by more
// than the rounding of K terms can explain.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu.Reference;
using Engine.Tests.BackendSuite.Cases;
using NUnit.Framework;

public sealed class HarnessTests
{
    [TestCase(0f, true)]
    [TestCase(1e-3f, false)]
    public void TheSumBoundCatchesAWrongResult(float offset, bool passes)
    {
        using var gpu = new ReferenceBackend<float>();
        using var reference = new ReferenceBackend<float>();
        using var h = new Harness(gpu, reference, seed: 1);
        var x = h.Random(100);
        var y = h.Output(1);
        h.BothWithinSumBound(y, 100, "sum", [x], (b, s) =>
        {
            b.Sum(s(x), 1, 100, 1, s(y));
            if (ReferenceEquals(b, gpu)) b.Unary(UnaryOp.Affine, s(y), 1, 1, offset, s(y));   // the "GPU" is off by offset
        });
        Assert.That(h.Failures is null, Is.EqualTo(passes), h.Failures);
    }
}
