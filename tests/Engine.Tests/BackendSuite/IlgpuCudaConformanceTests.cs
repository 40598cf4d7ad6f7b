// The conformance suite against the ILGPU kernels on CUDA GPU 0 (64 x 64 tiles). Without a GPU every test is
// reported Ignored with the reason ("CUDA is not available: ..."), never a silent pass.
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Ilgpu;
using NUnit.Framework;

[TestFixture]
[NonParallelizable]
public sealed class IlgpuCudaConformanceTests : BackendConformance
{
    protected override IBackend CreateBackend() => IlgpuBackend.CreateCuda(0);

    protected override string? UnavailableReason => IlgpuDevices.IsCudaAvailable(out string reason) ? null : reason;
}
