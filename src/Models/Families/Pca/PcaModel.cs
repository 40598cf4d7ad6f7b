// The PCA baseline as a module, so a run's checkpoint, eval, report and explore treat it as any model: the buffers mean m (D),
// eigenvalues (D, largest first) and components (D, D: every eigenvector as a row, in their order), and Forward the
// reconstruction x_hat = m + ((x - m) W_K^T) W_K from the first K (PcaOptions). Nothing here is trained (no parameters): the
// experiment writes the buffers. Until the fit the eigenvalues are 0 and Forward returns m for every image (K = 0).
// B = batch, C = channels, H, W = height, width, D = C H W, K = components kept.
namespace Engine.Models.Experiments;

using Engine.Memory;

public sealed class PcaModel : Module
{
    private readonly StateBuffer _mean, _eigenvalues, _components;

    public PcaModel(ImageShape image, PcaOptions options)
    {
        (Image, Options) = (image, options);
        int d = image.Channels * image.Height * image.Width;
        _mean = AddBuffer("mean", new StateBuffer(Tensor.Zeros(d)));                    // (D)
        _eigenvalues = AddBuffer("eigenvalues", new StateBuffer(Tensor.Zeros(d)));      // (D)
        _components = AddBuffer("components", new StateBuffer(Tensor.Zeros(d, d)));     // (D, D)
    }

    public ImageShape Image { get; }

    public PcaOptions Options { get; }

    public int Dimension => _mean.Values!.Count;

    /// <summary>The fit the buffers hold; null before it (every eigenvalue 0).</summary>
    public Pca? Fit
    {
        get
        {
            var eigenvalues = _eigenvalues.Values!.ToArray();
            if (!eigenvalues.Any(v => v > 0)) return null;
            return Pca.FromParts(_mean.Values!.ToArray(), [.. eigenvalues.Select(v => (double)v)], _components.Values!.ToArray());
        }
    }

    /// <summary>K: the components <see cref="Forward"/> keeps (0 before the fit).</summary>
    public int Kept => Fit is { } fit ? Options.Kept(fit) : 0;

    /// <summary>Holds <paramref name="fit"/>.</summary>
    public void Hold(Pca fit)
    {
        if (fit.Dimension != Dimension) throw new ArgumentException($"A fit of {fit.Dimension} dimensions for a {Dimension}-pixel PCA model.");
        _mean.Values!.CopyFrom(fit.Mean);
        _eigenvalues.Values!.CopyFrom([.. fit.Eigenvalues.Select(v => (float)v)]);
        _components.Values!.CopyFrom(fit.Components);
    }

    /// <summary>Before the fit: the running mean m of the images gathered so far, the reconstruction of every image (K = 0).</summary>
    public void HoldMean(IReadOnlyList<double> mean) => _mean.Values!.CopyFrom([.. mean.Select(v => (float)v)]);

    /// <summary>x (B, C, H, W) -> x_hat (B, C, H, W) from K components (no graph: nothing here is trained).</summary>
    public override Tensor Forward(Tensor input)
    {
        int b = input.Shape[0], d = Dimension;
        float[] output;
        if (Fit is { } fit)
        {
            output = fit.Reconstruct(input.ToArray(), Options.Kept(fit));
        }
        else
        {
            var mean = _mean.Values!.ToArray();
            output = new float[b * d];
            for (int i = 0; i < b; i++) mean.CopyTo(output, i * d);
        }
        return Tensor.FromArray(output, input.Shape, input.Backend);
    }
}
