// One training step of the course AE and VAE on a backend under test against the same step on a reference backend
// (the CPU backend): the loss terms and every parameter gradient within float tolerance, the VAE drawing the same
// Philox noise on both. Same weights (Formula.Initialize) and the same batch on both. Plain C# (no NUnit): the
// tests (IlgpuStepParityTests) and the GPU bundle's `step-parity` verb run it. Returns null or the failures.
// B = batch; images (B, 1, 28, 28).
namespace Engine.Tests.BackendSuite.Cases;

using Engine.Kernels;
using Engine.Models;
using Engine.Nn;
using Engine.Tests.Parity;
using AE = Engine.Models.Autoencoder;
using VAE = Engine.Models.VariationalAutoencoder;

public static class StepParity
{
    /// <summary>The AE (latent 24): BCE loss, reconstruction and every gradient.</summary>
    public static string? Autoencoder(IBackend reference, IBackend tested, int batch)
    {
        StepResult Run(IBackend backend) => Step(backend, batch, () => new AE(24, ImageShape.FashionMnist), (model, x, _) =>
        {
            var reconstruction = model.Forward(x);
            return ([AE.Loss(reconstruction, x)], [reconstruction]);
        });
        return Compare(Run(reference), Run(tested), ["bce"], ["reconstruction"]);
    }

    /// <summary>The VAE (latent 2): total, BCE and KL, reconstruction, mu, logVar, the noise eps and every gradient.</summary>
    public static string? VariationalAutoencoder(IBackend reference, IBackend tested, int batch)
    {
        StepResult Run(IBackend backend) => Step(backend, batch, () => new VAE(2, ImageShape.FashionMnist), (model, x, generator) =>
        {
            var vae = (VAE)model;
            var (mu, logVar) = vae.Encode(x);
            var z = VAE.Reparametrize(mu, logVar, generator);
            var reconstruction = vae.Decode(z);
            var (total, bce, kl) = VAE.Loss(reconstruction, x, mu, logVar, 0.005f);
            var eps = (z - mu) / (logVar * 0.5f).Exp();                 // the noise this backend drew
            return ([total, bce, kl], [reconstruction, mu, logVar, eps]);
        });
        return Compare(Run(reference), Run(tested), ["total", "bce", "kl"], ["reconstruction", "mu", "logVar", "eps"]);
    }

    private sealed record StepResult(double[] Losses, float[][] Outputs, Dictionary<string, float[]> Gradients);

    /// <summary>Builds the model with the formula weights, moves it to <paramref name="backend"/>, runs one forward and backward.</summary>
    private static StepResult Step(
        IBackend backend, int batch, Func<Module> build, Func<Module, Tensor, Generator, (Tensor[] Losses, Tensor[] Outputs)> forward)
    {
        var model = build();
        Formula.Initialize(model);
        model.To(backend);
        model.ZeroGrad();
        var x = Tensor.FromArray(Formula.Values(batch * 28 * 28, 100, 0.5, 0.5), new Shape(batch, 1, 28, 28), backend);
        var generator = new Generator(1234, 56);
        var (losses, outputs) = forward(model, x, generator);
        losses[0].Backward();
        return new StepResult(
            losses.Select(l => (double)l.ToScalar()).ToArray(),
            outputs.Select(o => o.ToArray()).ToArray(),
            model.NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Grad?.ToArray() ?? []));
    }

    private static string? Compare(StepResult expected, StepResult actual, string[] lossNames, string[] outputNames)
    {
        var failures = new List<string>();
        for (int i = 0; i < lossNames.Length; i++)
        {
            double e = expected.Losses[i], a = actual.Losses[i];
            if (!(Math.Abs(a - e) <= 1e-5 * Math.Max(1, Math.Abs(e))))
            {
                failures.Add($"loss {lossNames[i]}: {a:R} vs {e:R}");
            }
        }
        for (int i = 0; i < outputNames.Length; i++)
        {
            Close(actual.Outputs[i], expected.Outputs[i], 1e-4, outputNames[i], failures);
        }
        foreach (var (name, grad) in expected.Gradients)
        {
            if (grad.Length == 0 || !actual.Gradients.TryGetValue(name, out var other))
            {
                failures.Add($"gradient of {name}: missing");
                continue;
            }
            Close(other, grad, 1e-3, $"gradient of {name}", failures);
        }
        return failures.Count == 0 ? null : string.Join("\n", failures);
    }

    /// <summary>
    /// |actual - expected| &lt;= tolerance * max(max|expected|, 1e-4) elementwise: gradients sum many terms in other
    /// orders, and the conv biases before a batch norm have a true gradient of 0 (both sides hold roundoff, ~1e-9).
    /// </summary>
    private static void Close(float[] actual, float[] expected, double tolerance, string what, List<string> failures)
    {
        if (actual.Length != expected.Length)
        {
            failures.Add($"{what}: {actual.Length} elements, expected {expected.Length}");
            return;
        }
        double scale = Math.Max(expected.Max(v => Math.Abs((double)v)), 1e-4);
        for (int i = 0; i < expected.Length; i++)
        {
            double diff = Math.Abs((double)actual[i] - expected[i]);
            if (!(diff <= tolerance * scale))
            {
                failures.Add($"{what}: element [{i}] is {actual[i]:R}, expected {expected[i]:R} (scale {scale:G3})");
                return;
            }
        }
    }
}
