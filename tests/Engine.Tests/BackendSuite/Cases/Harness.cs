// Runs one primitive on the backend under test ("gpu" below, whatever it is) and on the float32 reference with
// identical inputs and compares the outputs. Plain C# (no NUnit), so the same cases run under `dotnet test` and in
// the GPU bundle's selftest.
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;

/// <summary>The same logical tensor on both backends.</summary>
public readonly record struct Twin(DeviceBuffer Gpu, DeviceBuffer Ref, int Length);

public sealed class Harness(IBackend gpu, IBackend reference, int seed) : IDisposable
{
    private readonly List<DeviceBuffer> _owned = [];
    private readonly List<string> _failures = [];
    private readonly Random _random = new(seed);

    public IBackend Gpu => gpu;

    /// <summary>Uniform values in [low, high).</summary>
    public Twin Random(int length, float low = -1, float high = 1)
    {
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = low + (high - low) * _random.NextSingle();
        }
        return Values(values);
    }

    /// <summary>An output buffer pre-filled with NaN, so an element the kernel forgets to write shows up.</summary>
    public Twin Output(int length) => Values(Enumerable.Repeat(float.NaN, length).ToArray());

    public Twin Const(int length, float value) => Values(Enumerable.Repeat(value, length).ToArray());

    public Twin Values(float[] values)
    {
        var g = Own(gpu.Allocate(values.Length));
        var r = Own(reference.Allocate(values.Length));
        g.CopyFrom(values);
        r.CopyFrom(values);
        return new Twin(g, r, values.Length);
    }

    /// <summary>Runs <paramref name="op"/> on both backends; the selector picks each twin's buffer for that backend.</summary>
    public void Both(Action<IBackend, Func<Twin, DeviceBuffer>> op)
    {
        op(gpu, t => t.Gpu);
        op(reference, t => t.Ref);
    }

    /// <summary>Records a failure unless |gpu - ref| &lt;= atol * max(1, max|ref|) + rtol * |ref| everywhere.</summary>
    public void Expect(Twin t, string name, double rtol = 1e-4, double atol = 1e-5)
    {
        var (g, r) = Download(t);
        double scale = Math.Max(1.0, r.Max(v => Math.Abs((double)v)));
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < t.Length; i++)
        {
            double diff = Math.Abs((double)g[i] - r[i]);
            bool ok = diff <= atol * scale + rtol * Math.Abs(r[i]) || (float.IsNaN(g[i]) && float.IsNaN(r[i]));
            if (!ok)
            {
                bad++;
                if (first < 0) first = i;
                worst = double.IsNaN(diff) ? double.NaN : Math.Max(worst, diff);
            }
        }
        if (bad > 0)
        {
            _failures.Add($"{name}: {bad}/{t.Length} elements differ, first at [{first}] gpu {g[first]:R} vs reference {r[first]:R}, max diff {worst:G3}");
        }
    }

    /// <summary>A twin holding |values| of <paramref name="t"/>, for error bounds.</summary>
    public Twin Abs(Twin t)
    {
        var values = new float[t.Length];
        t.Ref.CopyTo(values);
        return Values(values.Select(MathF.Abs).ToArray());
    }

    /// <summary>Runs <paramref name="op"/> on the reference only (an error bound's sums over absolute values).</summary>
    public void OnReference(Action<IBackend, Func<Twin, DeviceBuffer>> op) => op(reference, t => t.Ref);

    /// <summary>
    /// Runs <paramref name="op"/>, a primitive whose outputs are sums of <paramref name="k"/> products, on both backends,
    /// then on the reference with every twin of <paramref name="inputs"/> replaced by its absolute values and
    /// <paramref name="output"/> by a bound buffer, and checks the output against that bound (<see cref="ExpectSums"/>).
    /// </summary>
    public void BothWithinSumBound(Twin output, int k, string name, Twin[] inputs, Action<IBackend, Func<Twin, DeviceBuffer>> op)
    {
        var absolute = inputs.ToDictionary(t => t.Gpu, Abs);
        var bound = absolute.TryGetValue(output.Gpu, out var initial) ? initial : Output(output.Length);
        absolute[output.Gpu] = bound;
        Both(op);
        op(reference, t => absolute.TryGetValue(t.Gpu, out var a) ? a.Ref : t.Ref);
        ExpectSums(output, bound, k, name);
    }

    /// <summary>
    /// For sums of <paramref name="k"/> products: records a failure unless |gpu - ref| &lt;= 2 (K + 2) u * bound + tiny
    /// everywhere, bound being the same sums over absolute values computed on the reference (the classic floating-point
    /// dot-product error bound, covering both sides and any summation order or fused multiply-add).
    /// </summary>
    public void ExpectSums(Twin t, Twin bound, int k, string name)
    {
        const double unit = 5.96e-8;   // float32 unit roundoff, 2^-24
        var (g, r) = Download(t);
        var b = new float[bound.Length];
        bound.Ref.CopyTo(b);
        for (int i = 0; i < t.Length; i++)
        {
            double tolerance = 2.0 * (k + 2) * unit * b[i] + 1e-30;
            if (!(Math.Abs((double)g[i] - r[i]) <= tolerance))
            {
                _failures.Add($"{name}: element {i} of {t.Length} is {g[i]:R}, reference {r[i]:R} (bound {tolerance:G3}, K = {k})");
                return;
            }
        }
    }

    /// <summary>Records a failure unless the GPU buffer equals <paramref name="expected"/> bit for bit.</summary>
    public void ExpectIdentical(DeviceBuffer buffer, float[] expected, string name)
    {
        var g = new float[expected.Length];
        buffer.CopyTo(g);
        for (int i = 0; i < g.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(g[i]) != BitConverter.SingleToInt32Bits(expected[i]))
            {
                _failures.Add($"{name}: not identical, first at [{i}] {g[i]:R} vs {expected[i]:R}");
                return;
            }
        }
    }

    public void Fail(string message) => _failures.Add(message);

    public float[] Download(DeviceBuffer buffer)
    {
        var values = new float[buffer.Length];
        buffer.CopyTo(values);
        return values;
    }

    /// <summary>null when every expectation held, otherwise the failures, one per line.</summary>
    public string? Failures => _failures.Count == 0 ? null : string.Join("\n", _failures);

    public void Dispose()
    {
        foreach (var buffer in _owned)
        {
            buffer.Dispose();
        }
    }

    private (float[] Gpu, float[] Ref) Download(Twin t)
    {
        var g = new float[t.Length];
        var r = new float[t.Length];
        t.Gpu.CopyTo(g);
        t.Ref.CopyTo(r);
        return (g, r);
    }

    private DeviceBuffer Own(DeviceBuffer buffer)
    {
        _owned.Add(buffer);
        return buffer;
    }
}
