// Conformance cases for GEMM (all transposes, alpha/beta), the three convolution passes (every geometry: the course's
// layers, split-K backward-weight, stride-2 transposed shapes, odd sizes; checked against the dot-product error bound),
// batch norm and softmax; sizes straddle the 64 x 64 tiles.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

public static partial class ConformanceCases
{
    private static IEnumerable<ConformanceCase> Linear()
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (67, 45, 33), (130, 70, 129), (64, 64, 64), (3, 200, 17) })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    yield return Case($"Gemm {m}x{n}x{k} ta={ta} tb={tb}", (long)m * n * k, h =>
                    {
                        CheckGemm(h, m, n, k, ta, tb, 1, 0);            // C holds NaN: beta = 0 must not read it
                        CheckGemm(h, m, n, k, ta, tb, 0.5f, 1);
                    });
                }
            }
        }
        // Every m, n and k of a size list, around the CPU kernels' blocks and the tiles: the small list runs everywhere,
        // the large one (64 x 64 GPU tile edges) where the backend's budget allows.
        foreach (int[] sizes in new[] { new[] { 1, 3, 17, 33 }, new[] { 1, 3, 17, 64, 65, 129 } })
        {
            foreach (bool ta in new[] { false, true })
            {
                foreach (bool tb in new[] { false, true })
                {
                    long work = (long)sizes[^1] * sizes[^1] * sizes[^1];
                    yield return Case($"Gemm all sizes of {string.Join(",", sizes)} ta={ta} tb={tb}", work, h =>
                    {
                        foreach (int m in sizes)
                        foreach (int n in sizes)
                        foreach (int k in sizes)
                        {
                            CheckGemm(h, m, n, k, ta, tb, 1, 0);
                        }
                    });
                }
            }
        }
        foreach (var (alpha, beta) in new[] { (1.5f, 0f), (1f, 1f), (-0.5f, 2f), (0f, 0.5f), (0f, 0f) })
        {
            yield return Case($"Gemm alpha={alpha} beta={beta}", 65L * 129 * 17, h =>
            {
                foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    CheckGemm(h, 65, 129, 17, ta, tb, alpha, beta);
                    CheckGemm(h, 3, 17, 300, ta, tb, alpha, beta);     // K larger than one depth block
                }
            });
        }
        foreach (var (m, n, k) in new[] { (256, 256, 256), (130, 300, 520) })
        {
            yield return Case($"Gemm larger blocks {m}x{n}x{k}", (long)m * n * k, h => CheckGemm(h, m, n, k, false, true, 1, 1));
        }

        foreach (var (name, g) in ConvGeometries())
        {
            yield return Case($"Conv2d {name}", g.MultiplyAdds, h =>
            {
                var x = h.Random(g.InputLength);
                var w = h.Random(g.WeightLength);
                var dy = h.Random(g.OutputLength);
                var y = h.Output(g.OutputLength);
                h.BothWithinSumBound(y, g.C * g.R * g.S, "output", [x, w], (b, s) => b.Conv2dForward(s(x), s(w), g, s(y)));
                var dx = h.Output(g.InputLength);
                h.BothWithinSumBound(dx, g.K * g.R * g.S, "dInput", [dy, w], (b, s) => b.Conv2dBackwardData(s(dy), s(w), g, s(dx)));
                var dw = h.Output(g.WeightLength);
                h.BothWithinSumBound(dw, g.N * g.P * g.Q, "dWeight", [x, dy], (b, s) => b.Conv2dBackwardWeight(s(x), s(dy), g, s(dw)));
                var first = h.Download(dw.Gpu);
                h.Gpu.Conv2dBackwardWeight(x.Gpu, dy.Gpu, g, dw.Gpu);
                h.ExpectIdentical(dw.Gpu, first, "dWeight run twice (determinism)");
            });
        }

        // (N, C, S): the course's shapes (after encoder conv 1 at batch 64, after the last conv, after a Linear layer) and odd ones
        foreach (var (n, c, s) in new[] { (4, 3, 25), (64, 32, 196), (7, 5, 1), (512, 9, 4), (4, 256, 4), (64, 512, 1), (3, 5, 17), (1, 3, 65) })
        {
            yield return Case($"BatchNorm {n}x{c}x{s}", h =>
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
                h.Both((b, sel) => b.BatchNormForwardTrain(sel(x), sel(gamma), sel(beta), n, c, s, 1e-5f, 0.1f,
                    sel(y), sel(mean), sel(invStd), sel(runMean), sel(runVar)));
                h.Expect(y, "output");
                h.Expect(mean, "saveMean");
                h.Expect(invStd, "saveInvStd");
                h.Expect(runMean, "runningMean");
                h.Expect(runVar, "runningVar");
                var yEval = h.Output(total);
                h.Both((b, sel) => b.BatchNormForwardEval(sel(x), sel(gamma), sel(beta), sel(runMean), sel(runVar), n, c, s, 1e-5f, sel(yEval)));
                h.Expect(yEval, "eval output");
                var dy = h.Random(total);
                var dx = h.Output(total);
                var dGamma = h.Output(c);
                var dBeta = h.Output(c);
                h.Both((b, sel) => b.BatchNormBackward(sel(x), sel(gamma), sel(mean), sel(invStd), sel(dy), n, c, s,
                    sel(dx), sel(dGamma), sel(dBeta)));
                h.Expect(dx, "dInput", 1e-3, 1e-4);
                h.Expect(dGamma, "dGamma");
                h.Expect(dBeta, "dBeta");
            });
        }

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

    /// <summary>
    /// C = alpha op(A) op(B) + beta C on both backends, checked against the dot-product error bound (the same product
    /// over |alpha| |op(A)| |op(B)| + |beta C| on the reference). With beta 0, C starts as NaN and must not be read.
    /// </summary>
    private static void CheckGemm(Harness h, int m, int n, int k, bool ta, bool tb, float alpha, float beta)
    {
        var a = h.Random(m * k);
        var b = h.Random(k * n);
        var c = beta == 0 ? h.Output(m * n) : h.Random(m * n);
        var bound = beta == 0 ? h.Const(m * n, 0) : h.Abs(c);
        var (absA, absB) = (h.Abs(a), h.Abs(b));
        h.Both((be, s) => be.Gemm(s(a), s(b), m, n, k, ta, tb, alpha, beta, s(c)));
        h.OnReference((be, s) => be.Gemm(s(absA), s(absB), m, n, k, ta, tb, MathF.Abs(alpha), MathF.Abs(beta), s(bound)));
        h.ExpectSums(c, bound, k, $"C of {m}x{n}x{k} ta={ta} tb={tb} alpha={alpha} beta={beta}");
    }

    /// <summary>
    /// The convolution geometries: the course autoencoder's layers (batch 2), its transposed convolutions as backward-data
    /// shapes, and odd strides, pads, kernels and sizes (stride 2 at every phase the fast CPU backend splits by).
    /// ConvGeometry(N, C, H, W, K, R, S, strideH, strideW, padH, padW).
    /// </summary>
    private static IEnumerable<(string Name, ConvGeometry G)> ConvGeometries()
    {
        (string, ConvGeometry)[] named =
        [
            ("3x3 s1 p1", new ConvGeometry(2, 3, 9, 11, 5, 3, 3, 1, 1, 1, 1)),
            ("encoder 1->32 k3 s2 p1 28x28 batch 64 (split-K)", new ConvGeometry(64, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1)),
            ("encoder 128->256 k3 s2 p1 4x4", new ConvGeometry(8, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1)),
            ("1x1 256->70", new ConvGeometry(3, 256, 2, 2, 70, 1, 1, 1, 1, 0, 0)),
            ("5x4 s2x3 p2x1 odd", new ConvGeometry(3, 7, 13, 10, 9, 5, 4, 2, 3, 2, 1)),
            ("decoder-as-backward 64<-32 k3 s2 p1 7x7", new ConvGeometry(4, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1)),
        ];
        ConvGeometry[] shapes =
        [
            new(2, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1),      // encoder 1 -> 32, 28 -> 14
            new(2, 32, 14, 14, 64, 3, 3, 2, 2, 1, 1),     // encoder 32 -> 64, 14 -> 7
            new(2, 64, 7, 7, 128, 3, 3, 2, 2, 1, 1),      // encoder 64 -> 128, 7 -> 4
            new(2, 128, 4, 4, 256, 3, 3, 2, 2, 1, 1),     // encoder 128 -> 256, 4 -> 2; conv-transpose 256 -> 128, 2 -> 4
            new(2, 256, 2, 2, 512, 1, 1, 1, 1, 0, 0),     // 1 x 1, 256 -> 512
            new(2, 256, 2, 2, 512, 3, 3, 2, 2, 1, 1),     // conv-transpose 512 -> 256, 1 -> 2 (as its backward-data)
            new(2, 64, 8, 8, 128, 3, 3, 2, 2, 1, 1),      // conv-transpose 128 -> 64, 4 -> 8
            new(2, 32, 16, 16, 64, 3, 3, 2, 2, 1, 1),     // conv-transpose 64 -> 32, 8 -> 16
            new(2, 32, 32, 32, 32, 3, 3, 2, 2, 1, 1),     // conv-transpose 32 -> 32, 16 -> 32
            new(2, 32, 32, 32, 1, 7, 7, 1, 1, 1, 1),      // final 7 x 7 conv, 32 -> 1, 32 -> 28 (direct kernels)
            new(2, 32, 16, 16, 1, 7, 7, 1, 1, 3, 3),      // 7 x 7 conv with "same" padding
            new(5, 32, 16, 16, 3, 7, 7, 1, 1, 3, 3),      // large patches: the fast backend splits the batch in chunks
            new(3, 5, 7, 9, 5, 2, 3, 1, 2, 0, 1),         // odd: non-square kernel and strides
            new(1, 2, 9, 9, 3, 3, 3, 3, 3, 2, 2),         // stride 3, pad 2
            new(2, 3, 6, 5, 4, 1, 1, 2, 2, 0, 0),         // 1 x 1 with stride 2 (not pointwise)
            new(1, 1, 6, 6, 1, 5, 5, 1, 1, 0, 0),         // one channel, kernel near the image size
            // stride 2 (the fast backend splits these by input phase): odd sizes, padding 0 / 1 / 2, kernels 1 / 3 / 4 / 5
            new(2, 3, 7, 9, 4, 1, 1, 2, 2, 0, 0),         // 1 x 1: odd phases have no taps (zero gradient)
            new(2, 3, 9, 7, 5, 3, 3, 2, 2, 0, 0),
            new(2, 3, 8, 8, 4, 3, 3, 2, 2, 0, 0),         // the last row and column are read by no output
            new(2, 4, 11, 13, 3, 3, 3, 2, 2, 1, 1),
            new(2, 3, 10, 9, 4, 4, 4, 2, 2, 1, 1),
            new(2, 3, 9, 10, 5, 4, 4, 2, 2, 0, 0),
            new(3, 2, 13, 11, 3, 5, 5, 2, 2, 2, 2),
            new(2, 3, 12, 9, 2, 5, 5, 2, 2, 1, 1),
            new(2, 3, 8, 9, 4, 5, 3, 2, 2, 1, 0),         // kernel and padding differ per axis
            new(37, 8, 14, 14, 16, 3, 3, 2, 2, 1, 1),     // many images: chunks and per-thread partial sums
            new(2, 16, 7, 7, 160, 3, 3, 2, 2, 1, 1),      // GEMM depth above one packed block
        ];
        return named.Concat(shapes.Select(g =>
            ($"N{g.N}C{g.C}H{g.H}W{g.W}K{g.K}R{g.R}S{g.S}s{g.StrideH}{g.StrideW}p{g.PadH}{g.PadW}", g)));
    }

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
