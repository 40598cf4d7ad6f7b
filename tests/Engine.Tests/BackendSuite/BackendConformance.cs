// The one backend conformance suite: every IBackend primitive against ReferenceBackend<float> on seeded random
// inputs, with explicit tolerances. The one case list is Cases/ (plain C#, CaseMatchesReference; every primitive);
// GEMM and convolution there are checked against the dot-product error bound (Harness.ExpectSums). The one other file,
// BackendConformance.Elementwise.cs, adds the elementwise ops at the vector-width and parallel-split counts with
// tighter tolerances. Abstract: each backend (reference, fast CPU, ILGPU on the CPU accelerator, CUDA
// through ILGPU) subclasses it and says how to create itself, where it cannot run (no GPU) why, and how much
// multiply-add work one case may take (ILGPU's CPU accelerator is slow per simulated thread).
// Data moves only by Allocate/CopyFrom/CopyTo.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu.Reference;
using Engine.Tests.BackendSuite.Cases;
using NUnit.Framework;

public abstract partial class BackendConformance
{
    private const float Unit = 5.96e-8f;   // float32 unit roundoff, 2^-24
    private IBackend? _backend;
    private readonly ReferenceBackend<float> _reference = new();

    /// <summary>Creates the backend under test (called once per fixture).</summary>
    protected abstract IBackend CreateBackend();

    /// <summary>Why this backend cannot run here (for example "no CUDA device"), or null when it can.</summary>
    protected virtual string? UnavailableReason => null;

    /// <summary>The most multiply-adds one GEMM or convolution of a case may cost on this backend; larger cases are skipped with the reason.</summary>
    protected virtual long MaxMultiplyAdds => long.MaxValue;

    protected IBackend Backend => _backend ?? throw new InvalidOperationException("Backend not created.");

    private static IEnumerable<ConformanceCase> Cases => ConformanceCases.All;

    [TestCaseSource(nameof(Cases))]
    public void CaseMatchesReference(ConformanceCase testCase)
    {
        SkipIfHeavy(testCase.Work, testCase.Name);
        string? failures = testCase.Run(Backend, _reference);
        Backend.Synchronize();
        Assert.That(failures, Is.Null, failures);
    }

    /// <summary>Skips (with the reason) a case whose GEMM or convolution costs more than <see cref="MaxMultiplyAdds"/>.</summary>
    protected void SkipIfHeavy(long multiplyAdds, string what)
    {
        if (multiplyAdds > MaxMultiplyAdds)
        {
            Assert.Ignore($"{what}: {multiplyAdds:N0} multiply-adds is over this backend's budget of {MaxMultiplyAdds:N0} per case " +
                "(the reference, CPU and CUDA fixtures run it).");
        }
    }

    [OneTimeSetUp]
    public void CreateOnce()
    {
        if (UnavailableReason is null)
        {
            _backend = CreateBackend();
        }
    }

    [OneTimeTearDown]
    public void DisposeOnce()
    {
        _backend?.Dispose();
        _reference.Dispose();
    }

    [SetUp]
    public void SkipWhenUnavailable()
    {
        if (UnavailableReason is { } reason)
        {
            Assert.Ignore(reason);
        }
    }

    /// <summary>Runs <paramref name="body"/> on the backend under test and on the reference; returns both outputs.</summary>
    protected (float[][] Actual, float[][] Expected) Both(Func<Session, float[][]> body)
    {
        float[][] actual, expected;
        using (var session = new Session(Backend))
        {
            actual = body(session);
            Backend.Synchronize();
        }
        using (var session = new Session(_reference))
        {
            expected = body(session);
        }
        return (actual, expected);
    }

    /// <summary>Asserts |actual - expected| &lt;= atol + rtol * |expected| elementwise.</summary>
    protected static void AssertClose(float[] actual, float[] expected, float rtol, float atol, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        for (int i = 0; i < expected.Length; i++)
        {
            float tolerance = atol + rtol * MathF.Abs(expected[i]);
            if (!(MathF.Abs(actual[i] - expected[i]) <= tolerance) && !(float.IsNaN(expected[i]) && float.IsNaN(actual[i])))
            {
                Assert.Fail($"{what}: element {i} of {expected.Length} is {actual[i]}, expected {expected[i]} (tolerance {tolerance}).");
            }
        }
    }

    protected static float[] Random(int count, int seed, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * (float)random.NextDouble();
        }
        return values;
    }

    /// <summary>Buffers of one backend for one test run; all are disposed (returned to the pool) at the end.</summary>
    protected sealed class Session(IBackend backend) : IDisposable
    {
        private readonly List<DeviceBuffer> _buffers = [];

        public IBackend B => backend;

        public DeviceBuffer Up(float[] values)
        {
            var buffer = Alloc(values.Length);
            buffer.CopyFrom(values);
            return buffer;
        }

        /// <summary>An output buffer pre-filled with NaN, so a primitive that reads what it should only write shows.</summary>
        public DeviceBuffer Alloc(int length)
        {
            var buffer = backend.Allocate(length);
            _buffers.Add(buffer);
            buffer.CopyFrom(Enumerable.Repeat(float.NaN, length).ToArray());
            return buffer;
        }

        public float[] Down(DeviceBuffer buffer)
        {
            backend.Synchronize();
            var values = new float[buffer.Length];
            buffer.CopyTo(values);
            return values;
        }

        public void Dispose()
        {
            foreach (var buffer in _buffers)
            {
                buffer.Dispose();
            }
        }
    }
}
