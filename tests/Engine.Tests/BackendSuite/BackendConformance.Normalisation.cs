// Conformance: batch-norm (train forward with running statistics, eval forward, backward) on the course's
// channel and spatial sizes and odd ones, and softmax / log-softmax with their backward.
namespace Engine.Tests.BackendSuite;

using NUnit.Framework;

public abstract partial class BackendConformance
{
    [TestCase(64, 32, 196)]   // after encoder conv 1 at batch 64
    [TestCase(4, 256, 4)]
    [TestCase(64, 512, 1)]    // after a Linear layer
    [TestCase(3, 5, 17)]
    [TestCase(1, 3, 65)]
    public void BatchNormMatchesReference(int n, int c, int s)
    {
        int count = n * c * s;
        var x = Random(count, 90, -2f, 3f);
        var gamma = Random(c, 91, 0.5f, 1.5f);
        var beta = Random(c, 92);
        var runningMean = Random(c, 93);
        var runningVar = Random(c, 94, 0.5f, 2f);
        var dy = Random(count, 95);
        var (actual, expected) = Both(session =>
        {
            var b = session.B;
            var input = session.Up(x);
            var gammaBuffer = session.Up(gamma);
            var y = session.Alloc(count);
            var mean = session.Alloc(c);
            var invStd = session.Alloc(c);
            var rm = session.Up(runningMean);
            var rv = session.Up(runningVar);
            b.BatchNormForwardTrain(input, gammaBuffer, session.Up(beta), n, c, s, 1e-5f, 0.1f, y, mean, invStd, rm, rv);
            var yEval = session.Alloc(count);
            b.BatchNormForwardEval(input, gammaBuffer, session.Up(beta), rm, rv, n, c, s, 1e-5f, yEval);
            var dx = session.Alloc(count);
            var dGamma = session.Alloc(c);
            var dBeta = session.Alloc(c);
            b.BatchNormBackward(input, gammaBuffer, mean, invStd, session.Up(dy), n, c, s, dx, dGamma, dBeta);
            return [session.Down(y), session.Down(mean), session.Down(invStd), session.Down(rm), session.Down(rv),
                session.Down(yEval), session.Down(dx), session.Down(dGamma), session.Down(dBeta)];
        });
        string[] names = ["output", "saveMean", "saveInvStd", "runningMean", "runningVar", "evalOutput", "dInput", "dGamma", "dBeta"];
        for (int i = 0; i < names.Length; i++)
        {
            // Statistics are float sums over N * S values summed in a different order, and dInput subtracts two
            // such sums: tolerance relative to the output's magnitude.
            AssertClose(actual[i], expected[i], 1e-4f, 1e-4f * MaxAbs(expected[i]),
                $"BatchNorm {names[i]} n={n} c={c} s={s}");
        }
    }

    [TestCase(1, 1)]
    [TestCase(64, 10)]
    [TestCase(3, 1000)]
    public void SoftmaxMatchesReference(int rows, int cols)
    {
        var x = Random(rows * cols, 100, -5f, 5f);
        var dy = Random(rows * cols, 101);
        foreach (bool log in new[] { false, true })
        {
            var (actual, expected) = Both(s =>
            {
                var y = s.Alloc(rows * cols);
                var dx = s.Alloc(rows * cols);
                s.B.Softmax(s.Up(x), rows, cols, log, y);
                s.B.SoftmaxBackward(y, s.Up(dy), rows, cols, log, dx);
                return [s.Down(y), s.Down(dx)];
            });
            AssertClose(actual[0], expected[0], 1e-5f, 1e-6f, $"Softmax log={log} {rows}x{cols}");
            AssertClose(actual[1], expected[1], 1e-4f, 1e-5f, $"SoftmaxBackward log={log} {rows}x{cols}");
        }
    }
}
