// One training step of the course AE and VAE on ilgpu-cpu (the GPU kernels on ILGPU's CPU accelerator) against the
// same step on the CPU backend: the loss terms and every parameter gradient within float tolerance, the VAE drawing
// the same Philox noise (eps) on both. Same weights (Formula.Initialize) and the same batch on both backends.
// B = batch, Z = latent; images (B, 1, 28, 28).
namespace Engine.Tests.BackendSuite;

using Engine.Kernels;
using Engine.Models;
using Engine.Nn;
using Engine.Tests.Parity;
using NUnit.Framework;

[TestFixture]
[NonParallelizable]
public sealed class IlgpuStepParityTests
{
    private const int Batch = 2;

    [Test]
    public void AutoencoderStepMatchesCpu()
    {
        var cpu = Step(Backends.Cpu, b => new Autoencoder(24, ImageShape.FashionMnist), (model, x, _) =>
        {
            var reconstruction = model.Forward(x);
            var loss = Autoencoder.Loss(reconstruction, x);
            return ([loss], [reconstruction]);
        });
        var ilgpu = Step(Backends.IlgpuCpu, b => new Autoencoder(24, ImageShape.FashionMnist), (model, x, _) =>
        {
            var reconstruction = model.Forward(x);
            var loss = Autoencoder.Loss(reconstruction, x);
            return ([loss], [reconstruction]);
        });
        AssertSame(cpu, ilgpu);
    }

    [Test]
    public void VariationalAutoencoderStepMatchesCpuWithTheSameNoise()
    {
        StepResult Run(IBackend backend) => Step(backend, b => new VariationalAutoencoder(2, ImageShape.FashionMnist), (model, x, generator) =>
        {
            var vae = (VariationalAutoencoder)model;
            var (mu, logVar) = vae.Encode(x);
            ulong offset = generator.Offset;
            var z = VariationalAutoencoder.Reparametrize(mu, logVar, generator);
            var reconstruction = vae.Decode(z);
            var (total, bce, kl) = VariationalAutoencoder.Loss(reconstruction, x, mu, logVar, 0.005f);
            // eps = (z - mu) / exp(logVar / 2), and the Philox stream it must come from (offset of this draw)
            var eps = Noise(z.ToArray(), mu.ToArray(), logVar.ToArray());
            var expected = Enumerable.Range(0, eps.Length).Select(i => Philox.Normal(generator.Seed, offset + (ulong)i)).ToArray();
            return ([total, bce, kl], [reconstruction, mu, logVar, Tensor.FromArray(eps, new Shape(eps.Length)),
                Tensor.FromArray(expected, new Shape(expected.Length))]);
        });
        var cpu = Run(Backends.Cpu);
        var ilgpu = Run(Backends.IlgpuCpu);
        AssertSame(cpu, ilgpu);
        AssertClose(ilgpu.Outputs[3], ilgpu.Outputs[4], 1e-3, "eps on ilgpu-cpu vs Philox.Normal");
    }

    private sealed record StepResult(double[] Losses, float[][] Outputs, Dictionary<string, float[]> Gradients);

    /// <summary>Builds the model on the CPU with the formula weights, moves it to <paramref name="backend"/>, runs one forward and backward.</summary>
    private static StepResult Step(
        IBackend backend, Func<IBackend, Module> build, Func<Module, Tensor, Generator, (Tensor[] Losses, Tensor[] Outputs)> forward)
    {
        var model = build(backend);
        Formula.Initialize(model);
        model.To(backend);
        model.ZeroGrad();
        var x = Tensor.FromArray(Formula.Values(Batch * 28 * 28, 100, 0.5, 0.5), new Shape(Batch, 1, 28, 28), backend);
        var generator = new Generator(1234, 56);
        var (losses, outputs) = forward(model, x, generator);
        losses[0].Backward();
        return new StepResult(
            losses.Select(l => (double)l.ToScalar()).ToArray(),
            outputs.Select(o => o.ToArray()).ToArray(),
            model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.ToArray() ?? []));
    }

    private static float[] Noise(float[] z, float[] mu, float[] logVar) =>
        z.Select((v, i) => (v - mu[i]) / MathF.Exp(0.5f * logVar[i])).ToArray();

    private static void AssertSame(StepResult cpu, StepResult ilgpu)
    {
        using (Assert.EnterMultipleScope())
        {
            for (int i = 0; i < cpu.Losses.Length; i++)
            {
                Assert.That(ilgpu.Losses[i], Is.EqualTo(cpu.Losses[i]).Within(1e-5 * Math.Max(1, Math.Abs(cpu.Losses[i]))), $"loss term {i}");
            }
            for (int i = 0; i < cpu.Outputs.Length; i++)
            {
                AssertClose(ilgpu.Outputs[i], cpu.Outputs[i], 1e-4, $"output {i}");
            }
            Assert.That(ilgpu.Gradients.Keys, Is.EquivalentTo(cpu.Gradients.Keys));
            foreach (var (name, expected) in cpu.Gradients)
            {
                Assert.That(expected, Is.Not.Empty, $"{name} has a gradient");
                AssertClose(ilgpu.Gradients[name], expected, 1e-3, $"gradient of {name}");
            }
        }
    }

    /// <summary>
    /// |actual - expected| &lt;= tolerance * max(max|expected|, 1e-4) elementwise: gradients sum many terms in other
    /// orders, and the conv biases before a batch norm have a true gradient of 0 (both sides hold roundoff, ~1e-9).
    /// </summary>
    private static void AssertClose(float[] actual, float[] expected, double tolerance, string what)
    {
        Assert.That(actual, Has.Length.EqualTo(expected.Length), what);
        double scale = Math.Max(expected.Max(v => Math.Abs((double)v)), 1e-4);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)actual[i] - expected[i]);
            if (!(diff <= worst))
            {
                (worst, at) = (diff, i);
            }
        }
        Assert.That(worst, Is.LessThanOrEqualTo(tolerance * scale),
            $"{what}: worst element [{at}] differs by {worst:G3} (scale {scale:G3}), {(at >= 0 ? $"{actual[at]} vs {expected[at]}" : "")}");
    }
}
