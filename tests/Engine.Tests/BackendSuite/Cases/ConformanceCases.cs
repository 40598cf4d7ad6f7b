// Every IBackend primitive against ReferenceBackend<float>, on random inputs whose sizes do not divide the tile
// or block sizes. Each case returns null on success or the failures; no test framework needed, so the same list
// runs in every fixture of BackendConformance (CaseMatchesReference) and in the GPU bundle's selftest.
// This file: copy/fill, elementwise, reductions, random numbers, optimizers; every other family in its own
// ConformanceCases.<Family>.cs (Gemm, Conv, BatchNorm, Softmax, Losses).
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

/// <summary>One conformance case; <paramref name="Work"/> is its largest multiply-add count (0 for pointwise work).</summary>
public sealed record ConformanceCase(string Name, long Work, Func<IBackend, IBackend, string?> Run)
{
    public override string ToString() => Name;
}

public static partial class ConformanceCases
{
    private static readonly Lazy<IReadOnlyList<ConformanceCase>> s_all = new(() =>
        [.. Basic(), .. Gemm(), .. Conv(), .. BatchNorm(), .. Softmax(), .. Losses()]);

    public static IReadOnlyList<ConformanceCase> All => s_all.Value;

    private static ConformanceCase Case(string name, Action<Harness> body) => Case(name, 0, body);

    private static ConformanceCase Case(string name, long work, Action<Harness> body) => new(name, work, (gpu, reference) =>
    {
        using var h = new Harness(gpu, reference, StableSeed(name));
        body(h);
        return h.Failures;
    });

    /// <summary>FNV-1a of the name: the same inputs in every process (string.GetHashCode is randomised per process).</summary>
    private static int StableSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char ch in name)
        {
            hash = (hash ^ ch) * 16777619;
        }
        return (int)(hash & 0xffff);
    }

    private static IEnumerable<ConformanceCase> Basic()
    {
        foreach (int n in new[] { 1, 1000, 70001 })
        {
            yield return Case($"Fill n={n}", h =>
            {
                var y = h.Output(n);
                h.Both((b, s) => b.Fill(0.25f, n, s(y)));
                h.Expect(y, "output", 0, 0);
            });
        }
        yield return Case("CopyBlocks concat-like", h =>
        {
            var x = h.Random(37 * 13);
            var y = h.Const(37 * 20, -7);
            h.Both((b, s) => b.CopyBlocks(s(x), 37, 13, 13, 0, 20, 5, s(y)));
            h.Expect(y, "output", 0, 0);
        });
        yield return Case("CopyBlocks slice-like, strided source", h =>
        {
            var x = h.Random(1000);
            var y = h.Const(600, 0);
            h.Both((b, s) => b.CopyBlocks(s(x), 7, 30, 100, 5, 80, 3, s(y)));
            h.Expect(y, "output", 0, 0);
        });

        foreach (UnaryOp op in Enum.GetValues<UnaryOp>())
        {
            // log, sqrt and non-integer powers need positive inputs; pow 3 keeps signs
            bool positive = op is UnaryOp.Log or UnaryOp.Sqrt;
            float alpha = op switch { UnaryOp.Pow => 3, UnaryOp.LeakyRelu => 0.01f, UnaryOp.Clamp => -0.5f, _ => 1.5f };
            float beta = op == UnaryOp.Clamp ? 0.5f : -0.25f;
            foreach (int n in new[] { 1, 4097 })
            {
                yield return Case($"Unary {op} n={n}", h =>
                {
                    var x = positive ? h.Random(n, 0.05f, 4) : h.Random(n, -3, 3);
                    var y = h.Output(n);
                    var dy = h.Random(n);
                    var dx = h.Output(n);
                    h.Both((b, s) => b.Unary(op, s(x), n, alpha, beta, s(y)));
                    h.Expect(y, "output");
                    h.Both((b, s) => b.UnaryBackward(op, s(x), s(y), s(dy), n, alpha, beta, s(dx)));
                    h.Expect(dx, "dInput", 2e-4);
                });
            }
        }
        // Every op with one set of parameters (clamp to [0.3, 0.7], pow 0.3 on positives) at counts below, at and above the
        // vector widths and the parallel split, with tight tolerances.
        foreach (UnaryOp op in Enum.GetValues<UnaryOp>())
        {
            bool positive = op is UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.Pow;
            foreach (int n in new[] { 1, 17, 1000, 70001 })
            {
                yield return Case($"Unary {op} alpha=0.3 beta=0.7 n={n}", h =>
                {
                    var x = positive ? h.Random(n, 0.05f, 3) : h.Random(n, -3, 3);
                    var y = h.Output(n);
                    var dy = h.Random(n);
                    var dx = h.Output(n);
                    h.Both((b, s) => b.Unary(op, s(x), n, 0.3f, 0.7f, s(y)));
                    h.Expect(y, "output", 2e-6, 1e-6);
                    h.Both((b, s) => b.UnaryBackward(op, s(x), s(y), s(dy), n, 0.3f, 0.7f, s(dx)));
                    h.Expect(dx, "dInput", 1e-5, 1e-6);
                });
            }
        }
        yield return Case("Unary Pow 0.5 on positives", h =>
        {
            var x = h.Random(999, 0.01f, 9);
            var y = h.Output(999);
            h.Both((b, s) => b.Unary(UnaryOp.Pow, s(x), 999, 0.5f, 0, s(y)));
            h.Expect(y, "output");
        });

        // (count, bLength, bInner): same shape, scalar, per column of (B, D), per channel of (N, C, S), per row of (B, D)
        var broadcasts = new (int Count, int Length, int Inner)[]
        {
            (999, 999, 1), (999, 1, 1), (37 * 27, 27, 1), (5 * 3 * 49, 3, 49), (37 * 27, 37, 27),
            (1, 1, 1), (70001, 70001, 1), (1003, 1, 1), (64 * 24, 24, 1), (4 * 17 * 49, 17, 49), (64 * 784, 64, 784),
            (3 * 5 * 7, 5, 7), (2 * 33, 33, 1), (65 * 3, 65, 3),
        };
        foreach (BinaryOp op in Enum.GetValues<BinaryOp>())
        {
            foreach (var (count, length, inner) in broadcasts)
            {
                yield return Case($"Binary {op} count={count} b={length}x{inner}", h =>
                {
                    var a = h.Random(count);
                    var bb = op == BinaryOp.Div ? h.Random(length, 0.5f, 2) : h.Random(length);
                    var y = h.Output(count);
                    h.Both((b, s) => b.Binary(op, s(a), s(bb), count, length, inner, s(y)));
                    h.Expect(y, "output", 1e-6, 1e-7);                         // one rounded operation per element
                });
            }
        }
        foreach (int n in new[] { 1, 33, 5003, 70001 })
        {
            yield return Case($"AddScaled in place n={n}", h =>
            {
                var a = h.Random(n);
                var x = h.Random(n);
                h.Both((b, s) => b.AddScaled(s(a), s(x), n, -0.3f, s(a)));
                h.Expect(a, "output");
            });
        }

        // (outer, middle, inner): sums over the middle axis (Sum) and over the outer and inner ones (SumToMiddle), checked
        // against the reference and against the error bound of a sum of K terms.
        foreach (var (outer, middle, inner) in new[]
        {
            (1, 1000, 1), (37, 29, 1), (3, 50, 77), (64, 10, 1), (1, 7, 70001),
            (1, 1, 1), (1, 100, 1), (64, 24, 1), (1, 64, 24), (3, 17, 49), (64, 32, 196), (5, 1, 33),
        })
        {
            yield return Case($"Sum {outer}x{middle}x{inner}", h =>
            {
                var x = h.Random(outer * middle * inner);
                var y = h.Output(outer * inner);
                h.BothWithinSumBound(y, middle, "output (bound)", [x], (b, s) => b.Sum(s(x), outer, middle, inner, s(y)));
                h.Expect(y, "output");
            });
            yield return Case($"SumToMiddle {outer}x{middle}x{inner}", h =>
            {
                var x = h.Random(outer * middle * inner);
                var y = h.Output(middle);
                h.BothWithinSumBound(y, outer * inner, "output (bound)", [x], (b, s) => b.SumToMiddle(s(x), outer, middle, inner, s(y)));
                h.Expect(y, "output");
            });
        }

        foreach (var (seed, offset, n) in new (ulong, ulong, int)[] { (0, 0, 1), (42, 0, 1001), (0x1234_5678_9abc_def0, 3, 4099), (7, (1UL << 40) - 2, 513) })
        {
            yield return Case($"RandomUniform seed={seed} offset={offset} n={n}", h =>
            {
                var y = h.Output(n);
                h.Both((b, s) => b.RandomUniform(seed, offset, n, -2, 3, s(y)));
                h.Expect(y, "output", 0, 0);   // bit for bit
            });
            yield return Case($"RandomNormal seed={seed} offset={offset} n={n}", h =>
            {
                var y = h.Output(n);
                h.Both((b, s) => b.RandomNormal(seed, offset, n, 0.5f, 2, s(y)));
                h.Expect(y, "output", 2e-6, 2e-6);
            });
        }
        foreach (int n in new[] { 1, 64 * 20 + 3 })
        {
            yield return Case($"Reparametrize forward and backward n={n}", h =>
            {
                var mu = h.Random(n);
                var logVar = h.Random(n, -4, 2);
                var z = h.Output(n);
                var eps = h.Output(n);
                h.Both((b, s) => b.Reparametrize(s(mu), s(logVar), 99, 5, n, s(z), s(eps)));
                h.Expect(eps, "eps", 2e-6, 2e-6);
                h.Expect(z, "z", 1e-5, 1e-5);
                var dz = h.Random(n);
                var dMu = h.Output(n);
                var dLogVar = h.Output(n);
                h.Both((b, s) => b.ReparametrizeBackward(s(logVar), s(eps), s(dz), n, s(dMu), s(dLogVar)));
                h.Expect(dMu, "dMu", 0, 0);
                h.Expect(dLogVar, "dLogVar", 1e-5, 1e-5);
            });
        }

        foreach (var (n, weightDecay) in new[] { (1, 0f), (3001, 0.01f), (70001, 0.01f) })
        {
            yield return Case($"Adam 5 steps n={n} weight decay={weightDecay}", h =>
            {
                var p = h.Random(n);
                var m = h.Const(n, 0);
                var v = h.Const(n, 0);
                for (int step = 1; step <= 5; step++)
                {
                    var g = h.Random(n);
                    h.Both((b, s) => b.AdamStep(s(g), n, 1e-3f, 0.9f, 0.999f, 1e-8f, weightDecay, step, s(p), s(m), s(v)));
                }
                h.Expect(p, "param");
                h.Expect(m, "m");
                h.Expect(v, "v");
            });
        }
        foreach (var (n, momentum) in new[] { (1, 0f), (1, 0.9f), (2049, 0f), (2049, 0.9f) })
        {
            yield return Case($"Sgd 3 steps n={n} momentum={momentum}", h =>
            {
                var p = h.Random(n);
                var buffer = h.Const(n, 0);
                for (int step = 0; step < 3; step++)
                {
                    var g = h.Random(n);
                    h.Both((b, s) => b.SgdStep(s(g), n, 0.1f, momentum, 1e-4f, s(p), s(buffer)));
                }
                h.Expect(p, "param");
                h.Expect(buffer, "momentumBuffer");
            });
        }
    }
}
