// The conformance suite against ReferenceBackend<double>, the same plain loops in float64 (the gradchecks' backend): the
// float32 oracle every other backend is judged by must agree, case by case, with its own arithmetic done in double
// precision, within the suite's tolerances (a float32 reference that loses precision, or a path written for one element
// type only, fails here), and the suite's shapes, buffers and NaN-prefilled outputs hold for a second backend.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Cpu.Reference;
using Engine.Tests.BackendSuite.Cases;
using NUnit.Framework;

[TestFixture]
public sealed class ReferenceConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => new ReferenceBackend<double>();

    /// <summary>
    /// Uniform fills are the float32 backends' bit-for-bit contract (Philox draws scaled in float); the float64 reference
    /// scales the same draws in double, one rounding apart, so it is not held to those bits (its normals are compared).
    /// </summary>
    protected override string? NotApplicable(ConformanceCase testCase) =>
        testCase.Name.StartsWith("RandomUniform", StringComparison.Ordinal)
            ? "uniform fills are bit-exact float32 draws; the float64 reference scales them in double" : null;
}
