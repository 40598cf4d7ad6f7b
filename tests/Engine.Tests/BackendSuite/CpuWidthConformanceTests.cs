// The conformance suite against the fast CPU backend at each vector width this machine accelerates, so the one
// generic kernel per algorithm (GEMM, direct convolution, batch norm) is checked at 128, 256 and 512 bits on one
// machine. A width the machine lacks is skipped with the reason; CI also runs the suite with the runtime's own switches
// (DOTNET_EnableAVX2=0, DOTNET_PreferredVectorBitWidth=256), which narrow every kernel, the elementwise ones included
// (SimdWidthTests checks that the width meant is the one that ran).
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Simd;
using NUnit.Framework;

[TestFixture(SimdLevel.Vector128)]
[TestFixture(SimdLevel.Vector256)]
[TestFixture(SimdLevel.Vector512)]
public sealed class CpuWidthConformanceTests(SimdLevel level) : BackendConformance
{
    protected override string? UnavailableReason =>
        SimdWidths.IsAccelerated(level) ? null : $"{SimdWidths.Describe(level)} is not accelerated on this machine ({SimdWidths.Summary()})";

    protected override IBackend CreateBackend() => new CpuBackend(simd: level);
}
