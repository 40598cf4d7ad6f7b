// The conformance suite against the fast CPU backend with every stride-2 pass split by input phase
// (by default only the shapes where that measured faster take that path), so the odd-size cases cover it too.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Kernels.Cpu.Conv;
using NUnit.Framework;

[TestFixture]
public sealed class CpuPhaseSplitConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new CpuBackend { PhaseSplit = PhaseSplit.Always };
}
