// The VAE experiments: "vae" minimises BCE + w KL; "vae-kl-only" minimises the KL term alone (the encoder then maps
// everything to mu = 0, var = 1, and reconstructions carry no information: the course's sanity check).
// Figures: reconstructions, loss curves; latent 2: scatter of mu by class and a 20x20 grid decoded over [-2, 2]^2;
// KL-only: histograms of mu and var; otherwise samples decoded from the prior.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class VaeExperiment : ReconstructionExperiment, ILatentCode
{
    private readonly VariationalAutoencoder _model;
    private readonly Generator _eps;   // the reparametrization noise

    public VaeExperiment(RunConfig config, ImageShape image, bool klOnly)
        : base(config)
    {
        KlOnly = klOnly;
        _model = new VariationalAutoencoder(config.Latent, image);
        _eps = new Generator(config.Seed ^ 0x457073UL);                        // "Eps"
    }

    public bool KlOnly { get; }

    public int Latent => Config.Latent;

    public bool IsVariational => true;

    public Tensor Encode(Tensor images) => _model.Encode(images).Mu;

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override Module Model => _model;

    public override string Description => KlOnly
        ? $"VAE trained on the KL term only, latent {Config.Latent}."
        : $"Variational autoencoder, latent {Config.Latent}: loss = BCE ({Config.ReconstructionReduction}) + {Config.KlWeight} x KL ({Config.KlReduction}).";

    public override IReadOnlyList<Generator> Generators => [_eps];

    public override IReadOnlyList<string> Terms => KlOnly ? ["kl", "bce"] : ["total", "bce", "kl"];

    public override LossTerms Loss(Tensor input, Tensor target, bool training)
    {
        var (reconstruction, mu, logVar) = _model.Forward(input, _eps);
        var (total, bce, kl) = VariationalAutoencoder.Loss(reconstruction, target, mu, logVar, Config.KlWeight,
            Config.ReconstructionReduction, Config.KlReduction);
        return KlOnly ? new LossTerms(kl, [("kl", kl), ("bce", bce)]) : new LossTerms(total, [("total", total), ("bce", bce), ("kl", kl)]);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report)
    {
        int h = test.Height, w = test.Width, z = Config.Latent;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        var reconstructions = Figures.Apply(_model, _model.Forward, originals, h, w);
        Figures.SaveRows(run.File("reconstructions.png"), [originals, reconstructions], h, w, ["original", "reconstructed"], names);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions from z = mu (bottom), one per class.");
        var noisy = ImageTransforms.GaussianNoise(originals, Config.Noise, Config.Seed ^ 0x54657374UL, 0);
        var denoised = Figures.Apply(_model, _model.Forward, noisy, h, w);
        Figures.SaveRows(run.File("denoising.png"), [noisy, denoised, originals], h, w, ["noisy", "denoised", "clean"], names);
        report.AddFigure("denoising.png", $"Denoising: test images with Gaussian noise sigma {Config.Noise} (top), decoded from their mu, and the clean images.");
        Figures.LossCurves(run, report, Terms);

        var mu = Figures.Apply(_model, x => _model.Encode(x).Mu, test.Images, h, w);
        if (KlOnly)
        {
            var logVar = Figures.Apply(_model, x => _model.Encode(x).LogVar, test.Images, h, w);
            var variance = logVar.Select(MathF.Exp).ToArray();
            new Histogram { Title = "mu over the test set (all latent dimensions)", XLabel = "mu", YLabel = "% of values" }
                .AddSeries("mu", mu).Save(run.File("mu-histogram.svg"));
            new Histogram { Title = "var = exp(logVar) over the test set", XLabel = "var", YLabel = "% of values" }
                .AddSeries("var", variance).Save(run.File("var-histogram.svg"));
            report.AddFigure("mu-histogram.svg", "With only the KL term, every mu collapses to 0 ...");
            report.AddFigure("var-histogram.svg", "... and every variance to 1: the code says nothing about the input.");
        }
        if (z == 2)
        {
            Figures.LatentScatter(run.File("latent.svg"), mu, 2, test.Labels, test.ClassNames, "mu of the test set in the 2-D latent space");
            report.AddFigure("latent.svg", "The test set's mu in the 2-D latent space, coloured by class.");
            const int side = 20;
            const float range = 2f;
            var (z1, z2) = Figures.LatentGridAxes(side, range);
            var grid = new float[side * side * 2];
            for (int row = 0; row < side; row++)
                for (int col = 0; col < side; col++)
                {
                    grid[(row * side + col) * 2] = z1[col];
                    grid[(row * side + col) * 2 + 1] = z2[row];
                }
            var decoded = Decode(grid, side * side);
            Figures.SaveLatentGrid(run.File("latent-grid.png"), decoded, h, w, side, range);
            report.AddFigure("latent-grid.png", Figures.LatentGridCaption("Images decoded from a 20x20 grid of latent points over [-2, 2]^2.", side, range));
        }
        else if (!KlOnly)
        {
            var prior = Tensor.RandN(new Shape(100, z), new Generator(Config.Seed ^ 0x5072696FUL)).ToArray();
            Png.Write(run.File("samples.png"), ImageGrid.FromBatch(Decode(prior, 100), w, h, 10, options: new GridOptions { Scale = 2 }));
            report.AddFigure("samples.png", "100 images decoded from z ~ N(0, I).");
        }
    }

    private float[] Decode(float[] codes, int count)
    {
        bool wasTraining = _model.Training;
        _model.Eval();
        using var noGrad = NoGrad.Scope();
        using var scope = Engine.Memory.TensorScope.Begin();
        var images = _model.Decode(Tensor.FromArray(codes, count, Config.Latent)).ToArray();
        _model.Train(wasTraining);
        return images;
    }
}
