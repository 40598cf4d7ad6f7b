// Conformance cases for batch norm: forward in training (with the running statistics) and evaluation, and backward,
// on the course's (N, C, S) shapes and odd ones; and batch norm + LeakyReLU as one primitive.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

public static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> BatchNorm()
    {
        // (N, C, S): the course's shapes (after encoder conv 1 at batch 64, after the last conv, after a Linear layer) and odd ones
        foreach (var (n, c, s) in new[] { (4, 3, 25), (64, 32, 196), (7, 5, 1), (512, 9, 4), (4, 256, 4), (64, 512, 1), (3, 5, 17), (1, 3, 65) })
        {
            yield return Case($"BatchNorm {n}x{c}x{s}", h => CheckBatchNorm(h, n, c, s, leakySlope: null));
        }
        // Batch-norm + LeakyReLU as one primitive (the course's block): planes below the fast CPU backend's plane size (32,
        // run by blocks of whole images: the course's 4 x 4 and 2 x 2 at batch 64, split over threads, odd blocks with
        // scalar tails, one-element planes) and above it; the reference runs the default, the two primitives in turn.
        foreach (var (n, c, s) in new[] { (4, 3, 25), (8, 5, 196), (3, 4, 49), (2, 3, 1024), (16, 9, 4), (64, 128, 16), (64, 256, 4),
                                          (64, 512, 4), (5, 7, 3), (9, 37, 1), (3, 11, 31) })
        {
            yield return Case($"BatchNormLeakyRelu {n}x{c}x{s}", h => CheckBatchNorm(h, n, c, s, leakySlope: 0.01f));
        }
    }

    // Training forward (saved and running statistics), evaluation forward (plain batch norm only) and backward.
    private static void CheckBatchNorm(Harness h, int n, int c, int s, float? leakySlope)
    {
        int total = n * c * s;
        var x = h.Random(total, -2, 3);
        var gamma = h.Random(c, 0.5f, 1.5f);
        var beta = h.Random(c);
        var y = h.Output(total);
        var mean = h.Output(c);
        var invStd = h.Output(c);
        var runMean = h.Random(c);
        var runVar = h.Random(c, 0.5f, 2);
        h.Both((b, sel) =>
        {
            if (leakySlope is float slope)
            {
                b.BatchNormLeakyReluForwardTrain(sel(x), sel(gamma), sel(beta), n, c, s, 1e-5f, 0.1f, slope,
                    sel(y), sel(mean), sel(invStd), sel(runMean), sel(runVar));
            }
            else
            {
                b.BatchNormForwardTrain(sel(x), sel(gamma), sel(beta), n, c, s, 1e-5f, 0.1f,
                    sel(y), sel(mean), sel(invStd), sel(runMean), sel(runVar));
            }
        });
        h.Expect(y, "output");
        h.Expect(mean, "saveMean");
        h.Expect(invStd, "saveInvStd");
        h.Expect(runMean, "runningMean");
        h.Expect(runVar, "runningVar");
        if (leakySlope is null)
        {
            var yEval = h.Output(total);
            h.Both((b, sel) => b.BatchNormForwardEval(sel(x), sel(gamma), sel(beta), sel(runMean), sel(runVar), n, c, s, 1e-5f, sel(yEval)));
            h.Expect(yEval, "eval output");
        }
        var dy = h.Random(total);
        var dx = h.Output(total);
        var dGamma = h.Output(c);
        var dBeta = h.Output(c);
        h.Both((b, sel) =>
        {
            if (leakySlope is float slope)
            {
                b.BatchNormLeakyReluBackward(sel(x), sel(gamma), sel(beta), sel(mean), sel(invStd), sel(y), sel(dy), n, c, s, slope,
                    sel(dx), sel(dGamma), sel(dBeta));
            }
            else
            {
                b.BatchNormBackward(sel(x), sel(gamma), sel(mean), sel(invStd), sel(dy), n, c, s, sel(dx), sel(dGamma), sel(dBeta));
            }
        });
        h.Expect(dx, "dInput", 1e-3, 1e-4);
        h.Expect(dGamma, "dGamma");
        h.Expect(dBeta, "dBeta");
    }
}
