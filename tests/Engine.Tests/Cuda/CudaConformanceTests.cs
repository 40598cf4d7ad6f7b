// Every CUDA primitive against ReferenceBackend<float> (cases in Conformance/). Without a GPU each case
// reports Ignored with the reason ("no CUDA device: ..."), never a silent pass.
namespace Engine.Tests.Cuda;

using Engine.Kernels;
using Engine.Kernels.Cuda;
using Engine.Kernels.Cuda.Driver;
using Engine.Tests.Cuda.Conformance;
using NUnit.Framework;

[TestFixture]
[NonParallelizable]
public sealed class CudaConformanceTests
{
    private static IEnumerable<ConformanceCase> Cases => CudaConformanceCases.All;

    [TestCaseSource(nameof(Cases))]
    public void MatchesReference(ConformanceCase testCase)
    {
        var gpu = CudaTestEnvironment.RequireBackend();
        string? failures;
        try
        {
            failures = testCase.Run(gpu, Backends.Reference);
            gpu.Synchronize();
        }
        catch (CudaException e) when (e.IsSticky)
        {
            CudaTestEnvironment.MarkBroken(e.Message);
            throw;
        }
        Assert.That(failures, Is.Null, failures);
    }

    /// <summary>Runs with no GPU: the cases themselves are sound (shapes, buffers, tolerances) on the CPU backend.</summary>
    [Test]
    public void CasesPassOnTheCpuBackend()
    {
        var failures = Cases.Select(c => (c.Name, Failures: c.Run(Backends.Cpu, Backends.Reference)))
            .Where(r => r.Failures is not null).Select(r => $"{r.Name}: {r.Failures}").ToArray();
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void TrainingStepAllocatesNothingAfterTheFirst()
    {
        var gpu = CudaTestEnvironment.RequireBackend();
        void Step()
        {
            using var x = gpu.Allocate(64 * 784);
            using var y = gpu.Allocate(64 * 784);
            using var loss = gpu.Allocate(1);
            gpu.RandomUniform(1, 0, 64 * 784, 0, 1, x);
            gpu.Unary(UnaryOp.Sigmoid, x, 64 * 784, 0, 0, y);
            gpu.BceForward(y, x, 64 * 784, loss);
        }
        Step();
        long before = gpu.Allocator.DriverAllocations;
        for (int i = 0; i < 5; i++)
        {
            Step();
        }
        Assert.That(gpu.Allocator.DriverAllocations, Is.EqualTo(before));
    }

    [Test]
    public void OutOfMemorySaysRequestedAndFreeBytes()
    {
        var gpu = CudaTestEnvironment.RequireBackend();
        var (_, total) = gpu.Context.MemoryInfo();
        var e = Assert.Throws<CudaOutOfMemoryException>(() => gpu.Allocator.Rent(total + (1L << 30), out _))!;
        Assert.That(e.Message, Does.Contain("requested").And.Contain("free"));
    }
}

/// <summary>One shared CUDA backend for the test run, or the reason there is none.</summary>
internal static class CudaTestEnvironment
{
    private static readonly Lazy<(CudaBackend? Backend, string Reason)> s_backend = new(Open);
    private static string? s_broken;

    public static CudaBackend RequireBackend()
    {
        var (backend, reason) = s_backend.Value;
        if (backend is null)
        {
            Assert.Ignore($"no CUDA device: {reason}");
        }
        if (s_broken is not null)
        {
            Assert.Fail($"the CUDA context is unusable after an earlier sticky error: {s_broken}");
        }
        return backend!;
    }

    public static void MarkBroken(string message) => s_broken = message;

    private static (CudaBackend?, string) Open()
    {
        if (!CudaDevices.IsAvailable(out string reason))
        {
            return (null, reason);
        }
        return ((CudaBackend)Backends.Cuda(0), "");
    }
}
