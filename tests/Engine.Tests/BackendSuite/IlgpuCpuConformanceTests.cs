// The conformance suite against the ILGPU kernels on ILGPU's CPU accelerator (CPUDeviceKind.Nvidia: warp 32,
// real barriers and shuffles) with the small test tile (16 x 16 outputs, K steps of 8), so odd sizes cross tile edges.
// Every simulated thread is an OS thread: the multiply-add budget keeps the whole fixture within a few minutes.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Ilgpu;
using NUnit.Framework;

[TestFixture]
[NonParallelizable]
[Category(TestCategories.IlgpuCpu)]
public sealed class IlgpuCpuConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => IlgpuBackend.CreateCpu();

    protected override long MaxMultiplyAdds => 1_500_000;
}
