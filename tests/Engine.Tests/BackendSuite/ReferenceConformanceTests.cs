// The conformance suite against a second ReferenceBackend<float>: the suite's own sanity check (shapes, buffers,
// tolerances and the NaN-prefilled outputs hold when the backend under test IS the oracle).
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu.Reference;
using NUnit.Framework;

[TestFixture]
public sealed class ReferenceConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new ReferenceBackend<float>();
}
