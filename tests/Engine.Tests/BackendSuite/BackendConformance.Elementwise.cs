// Conformance: unary ops and their backward, binary ops with every broadcast and the reductions, at counts below, at
// and above vector widths and the parallel split, with tighter tolerances than the case list's (sums: the error bound).
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using NUnit.Framework;

public abstract partial class BackendConformance
{
    private static readonly int[] ElementCounts = [1, 17, 1000, 70001];

    [Test]
    public void UnaryMatchesReference([Values] UnaryOp op)
    {
        foreach (int count in ElementCounts)
        {
            var x = UnaryInput(op, count);
            var dy = Random(count, 40);
            var (actual, expected) = Both(s =>
            {
                var input = s.Up(x);
                var output = s.Alloc(count);
                var dInput = s.Alloc(count);
                s.B.Unary(op, input, count, 0.3f, 0.7f, output);
                s.B.UnaryBackward(op, input, output, s.Up(dy), count, 0.3f, 0.7f, dInput);
                return [s.Down(output), s.Down(dInput)];
            });
            AssertClose(actual[0], expected[0], 2e-6f, 1e-6f, $"Unary {op} count {count}");
            AssertClose(actual[1], expected[1], 1e-5f, 1e-6f, $"UnaryBackward {op} count {count}");
        }
    }

    // Positive inputs where the op needs them (log, sqrt, pow), signed otherwise; clamp bounds are 0.3 .. 0.7.
    private static float[] UnaryInput(UnaryOp op, int count) =>
        op is UnaryOp.Log or UnaryOp.Sqrt or UnaryOp.Pow ? Random(count, 41, 0.05f, 3f) : Random(count, 42, -3f, 3f);

    [Test]
    public void BinaryMatchesReferenceForEveryBroadcast([Values] BinaryOp op)
    {
        // (count, bLength, bInner): same shape, scalar, per column of (B, D), per channel of (N, C, S), per row of (B, D).
        var cases = new (int Count, int BLength, int BInner)[]
        {
            (1, 1, 1), (70001, 70001, 1), (1003, 1, 1), (64 * 24, 24, 1), (4 * 17 * 49, 17, 49), (64 * 784, 64, 784),
            (3 * 5 * 7, 5, 7), (2 * 33, 33, 1), (65 * 3, 65, 3),
        };
        foreach (var (count, bLength, bInner) in cases)
        {
            var a = Random(count, 50);
            var b = Random(bLength, 51, 0.5f, 2f);   // away from zero for Div
            var (actual, expected) = Both(s =>
            {
                var output = s.Alloc(count);
                s.B.Binary(op, s.Up(a), s.Up(b), count, bLength, bInner, output);
                return [s.Down(output)];
            });
            AssertClose(actual[0], expected[0], 1e-6f, 1e-7f, $"Binary {op} count {count} bLength {bLength} bInner {bInner}");
        }
    }

    [TestCase(1, 1, 1)]
    [TestCase(1, 100, 1)]
    [TestCase(64, 24, 1)]
    [TestCase(1, 64, 24)]
    [TestCase(3, 17, 49)]
    [TestCase(64, 32, 196)]
    [TestCase(5, 1, 33)]
    public void SumsMatchReference(int outer, int middle, int inner)
    {
        int count = outer * middle * inner;
        var x = Random(count, 70);
        var (actual, expected) = Both(s =>
        {
            var input = s.Up(x);
            var sum = s.Alloc(outer * inner);
            var toMiddle = s.Alloc(middle);
            s.B.Sum(input, outer, middle, inner, sum);
            s.B.SumToMiddle(input, outer, middle, inner, toMiddle);
            return [s.Down(sum), s.Down(toMiddle)];
        });
        // Sums of values in [-1, 1]: error bounded by the number of terms times their magnitude.
        AssertClose(actual[0], expected[0], 0f, 2f * (middle + 2) * Unit * middle, $"Sum {outer}x{middle}x{inner}");
        AssertClose(actual[1], expected[1], 0f, 2f * (outer * inner + 2) * Unit * outer * inner,
            $"SumToMiddle {outer}x{middle}x{inner}");
    }
}
