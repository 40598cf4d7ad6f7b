// The conformance suite run against the fast float32 CPU backend (all threads), and again forced onto
// the AVX2 and scalar GEMM micro-kernels and one thread so every fallback path is checked on this machine.
namespace Engine.Tests.Backends;

using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Gemm;
using NUnit.Framework;

[TestFixture]
public sealed class CpuBackendConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new CpuBackend();
}

[TestFixture]
public sealed class CpuBackendVector256ConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new CpuBackend(threads: 1, SimdLevel.Vector256);

    protected override string? UnavailableReason =>
        System.Runtime.Intrinsics.X86.Fma.IsSupported ? null : "this CPU has no AVX2/FMA";
}

[TestFixture]
public sealed class CpuBackendScalarConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new CpuBackend(threads: 3, SimdLevel.Scalar);
}
