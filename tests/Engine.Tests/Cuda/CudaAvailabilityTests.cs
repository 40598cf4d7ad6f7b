// What a machine without a driver or GPU says (one sentence, no stack trace), and the allocator's size
// classes; these run everywhere.
namespace Engine.Tests.Cuda;

using Engine.Kernels;
using Engine.Kernels.Cuda;
using Engine.Kernels.Cuda.Driver;
using NUnit.Framework;

public sealed class CudaAvailabilityTests
{
    [Test]
    public void ReasonIsOneSentence()
    {
        bool available = CudaDevices.IsAvailable(out string reason);
        Assert.That(reason, Does.Not.Contain("\n").And.EndWith("."));
        if (available)
        {
            Assert.That(CudaDevices.List(), Is.Not.Empty);
            return;
        }
        Assert.That(reason, Does.StartWith("CUDA is not available: "));
        Assert.That(reason, Does.Contain("--device cpu"));
        Assert.That(CudaDevices.List(), Is.Empty);
    }

    [Test]
    public void AskingForCudaWithoutAGpuThrowsThatSentence()
    {
        if (CudaDevices.IsAvailable(out _))
        {
            Assert.Ignore("this machine has a CUDA device");
        }
        CudaDevices.IsAvailable(out string reason);
        var e = Assert.Throws<CudaUnavailableException>(() => Backends.Cuda(0))!;
        Assert.That(e.Message, Is.EqualTo(reason));
        Assert.Throws<CudaUnavailableException>(() => Backends.For(Device.Cuda(1)));
        Assert.That(Backends.For(Device.Cpu), Is.SameAs(Backends.Cpu));
    }

    [Test]
    public void MissingOrdinalIsNamed()
    {
        if (!CudaDevices.IsAvailable(out _))
        {
            Assert.Ignore("no CUDA device: the ordinal check needs a driver");
        }
        var e = Assert.Throws<CudaUnavailableException>(() => Backends.Cuda(999))!;
        Assert.That(e.Message, Does.Contain("cuda:999"));
    }

    [TestCase(1, 256)]
    [TestCase(256, 256)]
    [TestCase(257, 512)]
    [TestCase(4000, 4096)]
    [TestCase(4097, 5120)]
    [TestCase(3_000_000, 3_145_728)]
    public void SizeClassesWasteAtMostAnEighth(long bytes, long expected)
    {
        long size = CudaAllocator.SizeClass(bytes);
        Assert.That(size, Is.EqualTo(expected));
        Assert.That(size, Is.GreaterThanOrEqualTo(bytes));
        Assert.That(size - bytes, Is.LessThanOrEqualTo(Math.Max(256, bytes / 4)));
    }
}
