// The conformance suite run against the fast float32 CPU backend (the training backend, all threads).
// The AVX2 and scalar GEMM fallbacks are checked in FastCpu/GemmFallbackTests.cs.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu;
using NUnit.Framework;

[TestFixture]
public sealed class CpuBackendConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new CpuBackend();
}
