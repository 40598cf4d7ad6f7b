// "aae-semi": the semi-supervised adversarial autoencoder (SemiSupervisedAdversarialAutoencoder.cs beside it) with
// --labels N known training labels (LabelSubset: balanced, seeded) and the supervised-only baseline in the same run.
// Six Adams (--lr, 1e-3, weight decay 1e-6) and the paper's phases per batch, each its own zero grad / forward /
// backward / step:
//   1. reconstruction (encoder + decoder)      L_rec
//   2. regularisation: generator (encoder)     L_gen, then the discriminators D_cat and D_gauss on y and z detached
//   3. semi-supervised (encoder)               L_ce on a labelled batch
//   4. baseline (the classifier)               L_base on the same labelled batch
// The labelled batch is drawn (with replacement, seeded) from the N known items, as many as the batch holds: at 1,000
// labels out of 60,000 a batch of the loader holds about two known labels, too few for the semi-supervised phase.
// Each discriminator judges among its step's prior samples in one pass (Discriminator.Judge), as the AAE's.
// Logged terms: reconstruction, generator (unweighted), discriminator-categorical, discriminator-gaussian, label-ce,
// accuracy, baseline-ce, baseline-accuracy (training: on the labelled batch; test: on the test set, so the test rows
// are the accuracy per epoch). Its figures are AaeSemiFigures, beside it. B = batch, Z = style size, K = classes.
namespace Engine.Models.Experiments;

using Engine.Autograd;
using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class AaeSemiExperiment : Experiment
{
    /// <summary>Its registry row: the defaults are the engine's (the notebook has no code for it); --labels is checked against the data before anything is written.</summary>
    public static ExperimentFamily Family { get; } =
        new("aae-semi", "semi-supervised AAE: --labels N known (balanced, seeded), y held to a categorical prior, z to N(0, I); the classifier on the same labels beside it",
            (c, d) => new AaeSemiExperiment(c, new ImageShape(1, d.Height, d.Width), d))
        {
            DefaultLatent = 8, DefaultEpochs = 10, DefaultLearningRate = 1e-3f, NeedsLabels = true, DefaultBatchSize = _ => 100,
            CheckRun = (c, data) => LabelSubset.Quotas(data.Train, c.Aae.Labels),
        };

    private readonly SemiSupervisedAdversarialAutoencoder _model;
    private readonly Dataset _train;
    private int[]? _known;
    private readonly Generator _priorSamples, _labelled;
    private readonly NormalPrior _gaussian;

    public AaeSemiExperiment(RunConfig config, ImageShape image, Dataset train)
        : base(config)
    {
        _train = train;                                                        // the test split when a reading verb builds it
        _model = new SemiSupervisedAdversarialAutoencoder(config.Latent, image, train.ClassCount);
        _gaussian = new NormalPrior(config.Latent);
        _priorSamples = new Generator(config.Seed ^ RandomStreams.Prior);
        _labelled = new Generator(config.Seed ^ RandomStreams.Known);
    }

    /// <summary>The training items whose labels are known.</summary>
    public int[] Known => _known ??= LabelSubset.Pick(_train, Config.Aae.Labels, Config.Seed);   // picked when training needs it

    public int SampleMultiple => Config.Aae.SampleMultiple ?? 1;

    public override Module Model => _model;

    public override string Description =>
        $"Semi-supervised AAE, style size {Config.Latent}, {Config.Aae.Labels:N0} known labels (balanced, seed {Config.Seed}): y held to a " +
        $"categorical prior, z to N(0, I), cross-entropy on labelled batches; beside it the supervised-only classifier on the same batches. " +
        $"Six Adams, lr {Config.LearningRate}.";

    public override IReadOnlyList<Generator> Generators => [_priorSamples, _labelled];

    public override IReadOnlyList<string> Terms =>
        ["reconstruction", "generator", "discriminator-categorical", "discriminator-gaussian", "label-ce", "accuracy", "baseline-ce", "baseline-accuracy"];

    protected override IReadOnlyList<TrainingOptimizer> CreateOptimizers() =>
    [
        new("reconstruction", Adam(_model.Encoder.Parameters().Concat(_model.Decoder.Parameters()))),
        new("generator", Adam(_model.Encoder.Parameters(), Config.Aae.GeneratorLrScale)),
        new("categorical", Adam(_model.Categorical.Parameters(), Config.Aae.DiscriminatorLrScale)),
        new("gaussian", Adam(_model.Gaussian.Parameters(), Config.Aae.DiscriminatorLrScale)),
        new("semi-supervised", Adam(_model.Encoder.Parameters())),
        new("baseline", Adam(_model.Baseline.Parameters())),
    ];

    private Adam Adam(IEnumerable<Parameter> parameters, float scale = 1) => AaeExperiment.Adam(Config, parameters, scale);

    public override LossTerms Step(TrainingBatch batch)
    {
        int samples = batch.Count * SampleMultiple;
        var oneHots = SemiSupervisedAdversarialAutoencoder.OneHotSamples(samples, _model.Classes, _priorSamples);   // (P, K)
        var normals = _gaussian.Sample(samples, _priorSamples);                                                     // (P, Z)
        var (xl, yl) = LabelledBatch(batch.Count);
        return TrainPhases(batch.Items, oneHots, normals, xl, yl);
    }

    /// <summary>
    /// One training step on images <paramref name="x"/> (B, C, H, W) against the categorical prior's one-hot samples
    /// <paramref name="oneHots"/> (P, K) and the normal samples <paramref name="normals"/> (P, Z), with the labelled batch
    /// <paramref name="xl"/> (B_l, C, H, W), <paramref name="yl"/> [B_l]: the reconstruction, generator, discriminators,
    /// semi-supervised and baseline phases, each with its own optimizers; <paramref name="afterPhase"/> sees the model after
    /// each (the parity test compares the parameters there). Returns the terms, each computed before its update.
    /// </summary>
    public LossTerms TrainPhases(Tensor x, Tensor oneHots, Tensor normals, Tensor xl, int[] yl, Action<string>? afterPhase = null)
    {
        var o = Optimizers.Select(t => t.Optimizer).ToArray();
        var (reconstruction, generator, categorical, gaussian, semi, baseline) = (o[0], o[1], o[2], o[3], o[4], o[5]);

        // 1. Reconstruction: L_rec = BCE(G(z ⊕ softmax(logits)), x) trains the encoder and the decoder.
        reconstruction.ZeroGrad();
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Forward(x), x);
        rec.Backward();
        reconstruction.Step();
        afterPhase?.Invoke("reconstruction");

        // 2a. Generator: L_gen = w (BCE(D_cat(y), 1) + BCE(D_gauss(z), 1)) trains the encoder.
        generator.ZeroGrad();
        var (z, logits) = _model.Encode(x);
        var gen = AdversarialAutoencoder.GeneratorLoss(_model.Categorical.Judge(oneHots, logits.Softmax()).Codes)
            + AdversarialAutoencoder.GeneratorLoss(_model.Gaussian.Judge(normals, z).Codes);
        (gen * Config.Aae.GeneratorWeight).Backward();
        generator.Step();
        afterPhase?.Invoke("generator");

        // 2b. Discriminators on the detached y and z: L_cat and L_gauss.
        Tensor style, classes;
        using (NoGrad.Scope())
        {
            var (s, l) = _model.Encode(x);
            (style, classes) = (s, l.Softmax());
        }
        categorical.ZeroGrad();
        gaussian.ZeroGrad();
        var (realY, fakeY) = _model.Categorical.Judge(oneHots, classes);
        var (realZ, fakeZ) = _model.Gaussian.Judge(normals, style);
        var disCategorical = Discriminator.Loss(realY, fakeY);
        var disGaussian = Discriminator.Loss(realZ, fakeZ);
        (disCategorical + disGaussian).Backward();
        categorical.Step();
        gaussian.Step();
        afterPhase?.Invoke("discriminators");

        // 3. Semi-supervised: L_ce = CE(logits(x_l), y_l) on a batch of known labels trains the encoder.
        semi.ZeroGrad();
        var labelLogits = _model.Encode(xl).Logits;
        var ce = Classifier.Loss(labelLogits, yl);
        ce.Backward();
        semi.Step();
        afterPhase?.Invoke("semi-supervised");

        // 4. Baseline: L_base = CE(classifier(x_l), y_l) on the same batch trains the supervised-only classifier.
        baseline.ZeroGrad();
        var baselineLogits = _model.Baseline.Forward(xl);
        var baselineCe = Classifier.Loss(baselineLogits, yl);
        baselineCe.Backward();
        baseline.Step();
        afterPhase?.Invoke("baseline");

        return Collect(rec, gen, disCategorical, disGaussian, ce, Accuracy(labelLogits, yl), baselineCe, Accuracy(baselineLogits, yl));
    }

    /// <summary>Up to <paramref name="count"/> known items drawn with replacement: images (B_l, C, H, W) and labels [B_l].</summary>
    private (Tensor Images, int[] Labels) LabelledBatch(int count)
    {
        count = Math.Max(2, count);                                                   // batch norm needs two rows
        var u = Tensor.RandU(new Shape(count), 0f, 1f, _labelled).ToArray();
        var picks = u.Select(v => Known[Math.Min((int)(v * Known.Length), Known.Length - 1)]).ToArray();
        var images = picks.SelectMany(i => _train.Image(i).ToArray()).ToArray();
        return (Tensor.FromArray(images, new Shape([count, .. _train.ItemShape])), [.. picks.Select(i => _train.Labels[i])]);
    }

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var (x, y) = (batch.Items, batch.Labels);
        var (z, logits) = _model.Encode(x);
        var classes = logits.Softmax();
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Decode(z, classes), x);
        int samples = batch.Count * SampleMultiple;
        var stream = new Generator(Config.Seed ^ RandomStreams.SemiEvaluation, (ulong)batch.Source.Index * (ulong)(samples * (Config.Latent + 1)));
        var oneHots = SemiSupervisedAdversarialAutoencoder.OneHotSamples(samples, _model.Classes, stream);
        var normals = _gaussian.Sample(samples, stream);
        var (realY, fakeY) = _model.Categorical.Judge(oneHots, classes);             // eval mode: row by row
        var (realZ, fakeZ) = _model.Gaussian.Judge(normals, z);
        var gen = AdversarialAutoencoder.GeneratorLoss(fakeY) + AdversarialAutoencoder.GeneratorLoss(fakeZ);
        var baselineLogits = _model.Baseline.Forward(x);
        return Collect(rec, gen, Discriminator.Loss(realY, fakeY), Discriminator.Loss(realZ, fakeZ), Classifier.Loss(logits, y), Accuracy(logits, y),
            Classifier.Loss(baselineLogits, y), Accuracy(baselineLogits, y));
    }

    private float Accuracy(Tensor logits, int[] labels) => Classifier.Accuracy(Classifier.ArgMax(logits.ToArray(), _model.Classes), labels);

    private static LossTerms Collect(Tensor rec, Tensor gen, Tensor disCategorical, Tensor disGaussian, Tensor ce, float accuracy, Tensor baselineCe, float baselineAccuracy) =>
        new(rec, [("reconstruction", rec), ("generator", gen), ("discriminator-categorical", disCategorical), ("discriminator-gaussian", disGaussian),
            ("label-ce", ce), ("accuracy", Tensor.FromArray([accuracy], 1)), ("baseline-ce", baselineCe), ("baseline-accuracy", Tensor.FromArray([baselineAccuracy], 1))]);

    public override float[] Outputs(Dataset test, int count) =>
        Figures.Apply(_model, _model.Forward, test.Images.AsSpan(0, count * test.PixelsPerImage).ToArray(), test.Height, test.Width);

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => AaeSemiFigures.Write(this, _model, run, test, report);
}
