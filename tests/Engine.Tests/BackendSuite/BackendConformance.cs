// The one backend conformance suite: every IBackend primitive against ReferenceBackend<float> on seeded random
// inputs, with explicit tolerances, from the one case list of Cases/ (plain C#, so the GPU bundle's selftest runs the
// same list; GEMM, convolution and sums are checked against the floating-point error bound of their sums too).
// Abstract: each backend (reference, fast CPU, ILGPU on the CPU accelerator, CUDA through ILGPU) subclasses it and says
// how to create itself, where it cannot run (no GPU) why, and how much multiply-add work one case may take (ILGPU's CPU
// accelerator is slow per simulated thread). Data moves only by Allocate/CopyFrom/CopyTo.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu.Reference;
using Engine.Tests.BackendSuite.Cases;
using NUnit.Framework;

public abstract class BackendConformance
{
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

    /// <summary>Why a case does not apply to this backend (null: it does); the case is then skipped with that reason.</summary>
    protected virtual string? NotApplicable(ConformanceCase testCase) => null;

    [TestCaseSource(nameof(Cases))]
    public void CaseMatchesReference(ConformanceCase testCase)
    {
        if (NotApplicable(testCase) is string why) Assert.Ignore(why);
        SkipIfHeavy(testCase.Work, testCase.Name);
        string? failures = testCase.Run(Backend, _reference);
        Backend.Synchronize();
        Assert.That(failures, Is.Null, failures);
    }

    /// <summary>Skips (with the reason) a case whose GEMM or convolution costs more than <see cref="MaxMultiplyAdds"/>.</summary>
    private void SkipIfHeavy(long multiplyAdds, string what)
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
}
