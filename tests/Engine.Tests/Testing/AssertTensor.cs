// Tensor comparison with explicit tolerances, in the manner of llm.c's check_tensor: |actual - expected| must be
// at most atol + rtol |expected| everywhere; a failure names the tensor, the max abs diff and the first mismatches.
namespace Engine.Tests.Testing;

using System.Globalization;
using System.Text;
using NUnit.Framework;

/// <summary>Elementwise bound |actual - expected| &lt;= Atol + Rtol |expected|.</summary>
public readonly record struct Tolerance(double Rtol, double Atol)
{
    /// <summary>Elementwise float32 ops: a few ulps.</summary>
    public static Tolerance Elementwise => new(1e-5, 1e-6);

    /// <summary>Sums of about K float32 products (matmul, conv, reductions): the error grows like sqrt(K) ulps.</summary>
    public static Tolerance Accumulated(int k) => new(1e-5 * Math.Max(1, Math.Sqrt(k)), 1e-6 * Math.Max(1, Math.Sqrt(k)));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"rtol {Rtol:G3}, atol {Atol:G3}");
}

public static class AssertTensor
{
    private const int Listed = 5;

    public static void Close(FixtureTensor expected, Tensor actual, string what, Tolerance tolerance)
    {
        Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{what}: shape");
        Close(expected.Values, actual.ToArray(), expected.Dims, what, tolerance);
    }

    public static void Close(float[] expected, float[] actual, int[] dims, string what, Tolerance tolerance)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), $"{what}: element count");
        int mismatches = 0, first = -1, worst = -1;
        double maxDiff = 0;
        var listed = new StringBuilder();
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            double diff = Math.Abs(a - e);
            bool ok = diff <= tolerance.Atol + tolerance.Rtol * Math.Abs(e) || (double.IsNaN(e) && double.IsNaN(a)) || a == e;
            if (double.IsNaN(diff) && !(double.IsNaN(e) && double.IsNaN(a))) diff = double.PositiveInfinity;
            if (diff > maxDiff || (worst < 0 && !ok))
            {
                (maxDiff, worst) = (diff, i);
            }
            if (!ok)
            {
                if (mismatches == 0) first = i;
                if (mismatches < Listed)
                {
                    listed.Append(CultureInfo.InvariantCulture, $"\n  {Index(i, dims)}: expected {e:G9}, got {a:G9} (diff {diff:G3})");
                }
                mismatches++;
            }
        }
        if (mismatches > 0)
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: {mismatches} of {expected.Length} values differ beyond {tolerance}; " +
                $"max abs diff {maxDiff:G3} at {Index(worst, dims)}; first mismatch at {Index(first, dims)}:{listed}"));
        }
    }

    /// <summary>A scalar against a reference value with a relative tolerance.</summary>
    public static void Close(double expected, double actual, string what, double rtol, double atol = 0)
    {
        double diff = Math.Abs(actual - expected);
        if (!(diff <= atol + rtol * Math.Abs(expected)))
        {
            Assert.Fail(string.Create(CultureInfo.InvariantCulture,
                $"{what}: expected {expected:G9}, got {actual:G9} (abs diff {diff:G3}, rel {diff / Math.Abs(expected):G3}, " +
                $"allowed rtol {rtol:G3} atol {atol:G3})"));
        }
    }

    /// <summary>"[i, j, k] (flat n)" for a flat index into a row-major tensor of shape dims.</summary>
    private static string Index(int flat, int[] dims)
    {
        if (flat < 0) return "-";
        var index = new int[dims.Length];
        int rest = flat;
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            index[d] = dims[d] == 0 ? 0 : rest % dims[d];
            rest = dims[d] == 0 ? rest : rest / dims[d];
        }
        return dims.Length == 0 ? $"[] (flat {flat})" : $"[{string.Join(", ", index)}] (flat {flat})";
    }
}
