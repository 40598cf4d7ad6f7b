// Conformance cases for softmax and log-softmax, forward and backward, with rows of 1 to 1000 columns.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

public static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> Softmax()
    {
        foreach (var (rows, cols) in new[] { (1, 1), (33, 10), (64, 10), (9, 100), (5, 1000), (3, 1000) })
        {
            foreach (bool log in new[] { false, true })
            {
                yield return Case($"Softmax {rows}x{cols} log={log}", h =>
                {
                    var x = h.Random(rows * cols, -5, 5);
                    var y = h.Output(rows * cols);
                    h.Both((b, s) => b.Softmax(s(x), rows, cols, log, s(y)));
                    h.Expect(y, "output");
                    var dy = h.Random(rows * cols);
                    var dx = h.Output(rows * cols);
                    h.Both((b, s) => b.SoftmaxBackward(s(y), s(dy), rows, cols, log, s(dx)));
                    h.Expect(dx, "dInput");
                });
            }
        }
    }
}
