// Conformance cases for the fused losses (binary cross-entropy, cross-entropy): forward into one scalar, then backward
// with dOutput living on the device.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

public static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> Losses()
    {
        foreach (int n in new[] { 1, 257, 784 * 3 + 5, 64 * 784 })
        {
            yield return Case($"Bce n={n}", h =>
            {
                var p = h.Random(n, 0.001f, 0.999f);
                var t = h.Random(n, 0, 1);
                LossPair(h, n, (b, s, loss) => b.BceForward(s(p), s(t), n, s(loss)),
                    (b, s, dLoss, dx) => b.BceBackward(s(p), s(t), s(dLoss), n, 1f / n, s(dx)));
            });
        }
        foreach (var (rows, cols) in new[] { (1, 1), (64, 10), (37, 100) })
        {
            yield return Case($"CrossEntropy {rows}x{cols}", h =>
            {
                var x = h.Random(rows * cols, -4, 4);
                var t = h.Random(rows * cols, 0, 1);
                LossPair(h, rows * cols, (b, s, loss) => b.CrossEntropyForward(s(x), s(t), rows, cols, s(loss)),
                    (b, s, dLoss, dx) => b.CrossEntropyBackward(s(x), s(t), s(dLoss), rows, cols, 1f / rows, s(dx)));
            });
        }
    }

    /// <summary>Forward into a NaN-filled scalar, then backward with dOutput[0] = 0.7 living on the device.</summary>
    private static void LossPair(
        Harness h, int n, Action<IBackend, Func<Twin, DeviceBuffer>, Twin> forward,
        Action<IBackend, Func<Twin, DeviceBuffer>, Twin, Twin> backward)
    {
        var loss = h.Output(1);
        h.Both((b, s) => forward(b, s, loss));
        h.Expect(loss, "loss", 2e-4);
        var dLoss = h.Const(1, 0.7f);
        var dx = h.Output(n);
        h.Both((b, s) => backward(b, s, dLoss, dx));
        h.Expect(dx, "dInput", 2e-4);
    }
}
