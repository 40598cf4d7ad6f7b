// One training step of the course models at batch 64 on the fast CPU backend (zero grad, forward, loss,
// backward, Adam step, inside a TensorScope): the autoencoder (latent 24, BCE) and the VAE (latent 2, BCE + KL).
namespace Engine.Bench.Cpu;

using Engine.Kernels;
using Engine.Kernels.Cpu;
using Engine.Memory;
using Engine.Models;
using Engine.Nn;

public sealed class TrainingStep
{
    private readonly Module _model;
    private readonly Adam _optimizer;
    private readonly Tensor _images;                  // (N, 1, 28, 28) in [0, 1]
    private readonly Generator _generator = new(7);

    /// <param name="model">"ae24" (autoencoder, latent 24) or "vae2" (VAE, latent 2).</param>
    public TrainingStep(string model, int batchSize, int threads, IBackend? backend = null)
    {
        ((CpuBackend)Backends.Cpu).Threads = threads;
        Tensor.DefaultBackend = backend ?? Backends.Cpu;
        _model = model switch
        {
            "ae24" => new Autoencoder(24, ImageShape.FashionMnist),
            "vae2" => new VariationalAutoencoder(2, ImageShape.FashionMnist),
            _ => throw new ArgumentException($"Unknown model {model}; use ae24 or vae2."),
        };
        _model.Train();
        _optimizer = new Adam(_model.Parameters(), 1e-3f);
        _images = Tensor.RandU(new Shape(batchSize, 1, 28, 28), 0f, 1f, new Generator(3));
    }

    /// <summary>The canonical five lines; returns the loss.</summary>
    public float Step()
    {
        using var scope = TensorScope.Begin();
        _optimizer.ZeroGrad();
        Tensor loss = _model switch
        {
            Autoencoder ae => Autoencoder.Loss(ae.Forward(_images), _images),
            VariationalAutoencoder vae => Loss(vae),
            _ => throw new InvalidOperationException(),
        };
        loss.Backward();
        _optimizer.Step();
        return loss.ToScalar();
    }

    private Tensor Loss(VariationalAutoencoder vae)
    {
        var (reconstruction, mu, logVar) = vae.Forward(_images, _generator);
        return VariationalAutoencoder.Loss(reconstruction, _images, mu, logVar, 0.005f).Total;
    }
}
