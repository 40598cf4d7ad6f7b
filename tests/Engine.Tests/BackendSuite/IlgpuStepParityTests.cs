// One training step of the course AE and VAE on ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator) against the
// same step on the CPU backend (Cases/StepParity.cs): loss terms and every gradient within float tolerance, and the
// VAE's noise eps the same Philox stream (checked against Philox.Normal directly as well).
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Tests.BackendSuite.Cases;
using NUnit.Framework;

[TestFixture]
[NonParallelizable]
[Category(TestCategories.IlgpuCpu)]
public sealed class IlgpuStepParityTests
{
    private const int Batch = 2;

    [Test]
    public void AutoencoderStepMatchesCpu()
    {
        string? failures = StepParity.Autoencoder(Backends.Cpu, Backends.IlgpuCpu, Batch);
        Assert.That(failures, Is.Null, failures);
    }

    [Test]
    public void VariationalAutoencoderStepMatchesCpuWithTheSameNoise()
    {
        string? failures = StepParity.VariationalAutoencoder(Backends.Cpu, Backends.IlgpuCpu, Batch);
        Assert.That(failures, Is.Null, failures);
    }

    [Test]
    public void ReparametrizeDrawsThePhiloxStream()
    {
        const int count = 37;
        using var mu = Backends.IlgpuCpu.Allocate(count);
        using var logVar = Backends.IlgpuCpu.Allocate(count);
        using var z = Backends.IlgpuCpu.Allocate(count);
        using var eps = Backends.IlgpuCpu.Allocate(count);
        Backends.IlgpuCpu.Fill(0, count, mu);
        Backends.IlgpuCpu.Fill(0, count, logVar);
        Backends.IlgpuCpu.Reparametrize(mu, logVar, 1234, 56, count, z, eps);
        var actual = new float[count];
        eps.CopyTo(actual);
        var expected = Enumerable.Range(0, count).Select(i => Philox.Normal(1234, 56 + (ulong)i)).ToArray();
        Assert.That(actual, Is.EqualTo(expected).Within(2e-6f));
    }
}
