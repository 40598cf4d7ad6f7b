// --device names (Backends.Resolve, used by the CLI and the GPU bundle): ilgpu-cpu is the ILGPU backend on the CPU
// accelerator, unknown names list the valid ones, and CUDA without a GPU is one sentence (no stack trace).
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Kernels.Ilgpu;
using NUnit.Framework;

public sealed class DeviceSelectionTests
{
    [Test]
    public void IlgpuCpuIsTheIlgpuBackendOnTheCpuAccelerator()
    {
        var backend = Backends.Resolve("ilgpu-cpu");
        Assert.That(backend, Is.InstanceOf<IlgpuBackend>());
        Assert.That(backend.Device, Is.EqualTo(Device.IlgpuCpu));
        Assert.That(backend.Name, Is.EqualTo("ilgpu-cpu"));
        Assert.That(Backends.For(Device.IlgpuCpu), Is.SameAs(backend));
        Assert.That(Backends.Resolve("cpu"), Is.SameAs(Backends.Cpu));
    }

    [Test]
    public void UnknownDeviceNamesTheValidOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => Backends.Resolve("tpu"))!;
        Assert.That(e.Message, Does.Contain("ilgpu-cpu").And.Contain("cuda:N"));
    }

    [Test]
    public void CudaWithoutAGpuIsOneSentence()
    {
        if (IlgpuDevices.IsCudaAvailable(out _))
        {
            Assert.Ignore("this machine has a CUDA device");
        }
        IlgpuDevices.IsCudaAvailable(out string reason);
        Assert.That(reason, Does.StartWith("CUDA is not available: ").And.EndWith(".").And.Not.Contain("\n"));
        foreach (string name in new[] { "cuda", "cuda:1" })
        {
            var e = Assert.Throws<DeviceUnavailableException>(() => Backends.Resolve(name))!;
            Assert.That(e.Message, Is.EqualTo(reason));
        }
        Assert.That(Backends.Resolve("auto"), Is.SameAs(Backends.Cpu));
        Assert.That(IlgpuDevices.ListCuda(), Is.Empty);
    }
}
