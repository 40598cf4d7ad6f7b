// "aae-disentangled": the disentangled adversarial autoencoder (DisentangledAdversarialAutoencoder.cs beside it). Four
// Adams (--lr, 1e-3, weight decay 1e-6) and three phases per batch, each its own zero grad / forward / backward / step:
//   1. reconstruction and label (encoder, label encoder, decoder): L_rec + L_ce + μ L_ind
//      = BCE(G(z ⊕ one-hot(y)), x) + CE(logits, y) + μ IndependenceLoss(z, y)          (μ = --independence-weight, 10)
//   2. regularisation (encoder): w BCE(D(z), 1) + λ CE(P(z), uniform)          (w = --generator-weight, λ = --confusion-weight)
//   3. adversaries: D (L_D, z_p ~ --prior), P (L_P = CE(P(z), y), --predictor-steps Adam steps), z recomputed and detached
// Why the label logits have their own encoder and the independence term is on by default (μ = 10): an adversary P alone
// leaves in z as much of the label as where its oscillating game happens to stop, and through one shared trunk pushing
// the label out of z pushes it out of the label head too; the independence term is not a game and holds the label out.
// The sweep that showed it and the measured results are in bench/RESULTS.md (part 2b, disentangled AAE).
// D judges z among the step's prior samples in phases 2 and 3 (Discriminator.Judge, as the AAE's); P reads z alone in both.
// Logged terms: reconstruction (the objective RunHealth reads), label-ce, generator and confusion (unweighted),
// discriminator, predictor-ce, label-accuracy (the encoder's label head) and predictor-accuracy (what P reads from z).
// Its figures and report metrics are AaeDisentangledFigures, beside it. B = batch, Z = style size.
namespace Engine.Models.Experiments;

using Engine.Autograd;
using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class AaeDisentangledExperiment : Experiment
{
    /// <summary>Its registry row: the defaults are the engine's (the notebook has no code for it); its own settings are AaeOptions' for aae-disentangled.</summary>
    public static ExperimentFamily Family { get; } =
        new("aae-disentangled", "disentangled AAE: style z held to --prior, the label apart; an adversary tries to read the label from z",
            (c, d) => new AaeDisentangledExperiment(c, new ImageShape(1, d.Height, d.Width), d.ClassNames))
        {
            DefaultLatent = 8, DefaultEpochs = 10, DefaultLearningRate = 1e-3f, NeedsLabels = true, DefaultBatchSize = _ => 100,
        };

    private readonly DisentangledAdversarialAutoencoder _model;
    private readonly Generator _priorSamples, _features;

    public AaeDisentangledExperiment(RunConfig config, ImageShape image, IReadOnlyList<string> classNames)
        : base(config)
    {
        Prior = LatentPrior.Create(config.Aae.Prior, config.Latent);
        _model = new DisentangledAdversarialAutoencoder(config.Latent, image, classNames.Count);
        _priorSamples = new Generator(config.Seed ^ RandomStreams.Prior);
        _features = new Generator(config.Seed ^ RandomStreams.Features);
    }

    public LatentPrior Prior { get; }

    public int SampleMultiple => Config.Aae.SampleMultiple ?? Prior.DefaultSampleMultiple;

    public override Module Model => _model;

    public override string Description =>
        $"Disentangled AAE, style size {Config.Latent}, prior {Prior.Description}: the decoder reads z and the one-hot label, a label " +
        $"predictor ({Config.Aae.PredictorSteps} Adam steps per batch) reads the label from z and the encoder is penalised when it can " +
        $"({Config.Aae.ConfusionWeight} x CE to the uniform label distribution, beside {Config.Aae.GeneratorWeight} x BCE(D(z), 1))" +
        (Config.Aae.IndependenceWeight > 0 ? $"; {Config.Aae.IndependenceWeight} x the independence term beside the reconstruction" : "") +
        $"; four Adams, lr {Config.LearningRate}.";

    public override IReadOnlyList<Generator> Generators => [_priorSamples, _features];

    public override IReadOnlyList<string> Terms =>
        ["reconstruction", "label-ce", "generator", "confusion", "discriminator", "predictor-ce", "label-accuracy", "predictor-accuracy"];

    protected override IReadOnlyList<TrainingOptimizer> CreateOptimizers() =>
    [
        new("reconstruction", Adam(_model.EncoderParameters.Concat(_model.Decoder.Parameters()))),
        new("generator", Adam(_model.Encoder.Parameters(), Config.Aae.GeneratorLrScale)),
        new("discriminator", Adam(_model.Discriminator.Parameters(), Config.Aae.DiscriminatorLrScale)),
        new("predictor", Adam(_model.Predictor.Parameters())),
    ];

    private Adam Adam(IEnumerable<Parameter> parameters, float scale = 1) => AaeExperiment.Adam(Config, parameters, scale);

    public override LossTerms Step(TrainingBatch batch) =>
        TrainPhases(batch.Items, batch.Labels, Prior.Sample(batch.Count * SampleMultiple, _priorSamples));

    /// <summary>
    /// One training step on images <paramref name="x"/> (B, C, H, W) with labels <paramref name="y"/> [B] against
    /// <paramref name="priorSamples"/> (P, Z): the reconstruction, generator, discriminator and predictor phases, each with
    /// its own optimizer; <paramref name="afterPhase"/> sees the model after each (the parity test compares the parameters
    /// there). Returns the terms, each computed before its update.
    /// </summary>
    public LossTerms TrainPhases(Tensor x, int[] y, Tensor priorSamples, Action<string>? afterPhase = null)
    {
        var (reconstruction, generator, discriminator, predictor) =
            (Optimizers[0].Optimizer, Optimizers[1].Optimizer, Optimizers[2].Optimizer, Optimizers[3].Optimizer);

        // 1. Reconstruction and label: L_rec + L_ce trains the encoder and the decoder.
        reconstruction.ZeroGrad();
        var (style, logits) = _model.Encode(x);
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Decode(style, y), x);
        var ce = Classifier.Loss(logits, y);
        var objective = rec + ce;
        if (Config.Aae.IndependenceWeight > 0)
        {
            objective += DisentangledAdversarialAutoencoder.IndependenceLoss(style, y, _model.Classes, _features) * Config.Aae.IndependenceWeight;
        }
        objective.Backward();
        reconstruction.Step();
        float labelAccuracy = Classifier.Accuracy(Classifier.ArgMax(logits.ToArray(), _model.Classes), y);
        afterPhase?.Invoke("reconstruction");

        // 2. Regularisation: w BCE(D(z), 1) + λ CE(P(z), uniform) trains the encoder to fool both adversaries.
        generator.ZeroGrad();
        var z = _model.EncodeStyle(x);
        var gen = AdversarialAutoencoder.GeneratorLoss(_model.Discriminator.Judge(priorSamples, z).Codes);
        var confusion = DisentangledAdversarialAutoencoder.ConfusionLoss(_model.Predictor.Forward(z));
        (gen * Config.Aae.GeneratorWeight + confusion * Config.Aae.ConfusionWeight).Backward();
        generator.Step();
        afterPhase?.Invoke("generator");

        // 3. Adversaries on the detached style: L_D = BCE(D(z_p), 1) + BCE(D(z), 0) and L_P = CE(P(z), y).
        Tensor codes;
        using (NoGrad.Scope()) codes = _model.EncodeStyle(x);                     // (B, Z), detached
        discriminator.ZeroGrad();
        var (real, fake) = _model.Discriminator.Judge(priorSamples, codes);
        var dis = Discriminator.Loss(real, fake);
        dis.Backward();
        discriminator.Step();
        afterPhase?.Invoke("discriminator");
        var predicted = _model.Predictor.Forward(codes);                           // logged: what P reads before this batch's steps
        var predictorCe = Classifier.Loss(predicted, y);
        for (int k = 0; k < Config.Aae.PredictorSteps; k++)
        {
            predictor.ZeroGrad();
            (k == 0 ? predictorCe : Classifier.Loss(_model.Predictor.Forward(codes), y)).Backward();
            predictor.Step();
        }
        afterPhase?.Invoke("predictor");
        float predictorAccuracy = Classifier.Accuracy(Classifier.ArgMax(predicted.ToArray(), _model.Classes), y);
        return Collect(rec, ce, gen, confusion, dis, predictorCe, labelAccuracy, predictorAccuracy);
    }

    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        var (x, y) = (batch.Items, batch.Labels);
        var (z, logits) = _model.Encode(x);
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Decode(z, y), x);
        var ce = Classifier.Loss(logits, y);
        var predicted = _model.Predictor.Forward(z);
        var confusion = DisentangledAdversarialAutoencoder.ConfusionLoss(predicted);
        int samples = batch.Count * SampleMultiple;
        var prior = Prior.Sample(samples, new Generator(Config.Seed ^ RandomStreams.DisentangledEvaluation, (ulong)batch.Source.Index * (ulong)(samples * Config.Latent)));
        var (real, fake) = _model.Discriminator.Judge(prior, z);                    // eval mode: row by row
        var gen = AdversarialAutoencoder.GeneratorLoss(fake);
        var dis = Discriminator.Loss(real, fake);
        return Collect(rec, ce, gen, confusion, dis, Classifier.Loss(predicted, y),
            Classifier.Accuracy(Classifier.ArgMax(logits.ToArray(), _model.Classes), y),
            Classifier.Accuracy(Classifier.ArgMax(predicted.ToArray(), _model.Classes), y));
    }

    private static LossTerms Collect(Tensor rec, Tensor ce, Tensor gen, Tensor confusion, Tensor dis, Tensor predictorCe, float labelAccuracy, float predictorAccuracy) =>
        new(rec, [("reconstruction", rec), ("label-ce", ce), ("generator", gen), ("confusion", confusion), ("discriminator", dis),
            ("predictor-ce", predictorCe), ("label-accuracy", Tensor.FromArray([labelAccuracy], 1)), ("predictor-accuracy", Tensor.FromArray([predictorAccuracy], 1))]);

    /// <summary>Reconstructions of the first test images, decoded with their own labels.</summary>
    public override float[] Outputs(Dataset test, int count)
    {
        var images = test.Images.AsSpan(0, count * test.PixelsPerImage).ToArray();
        var labels = test.Labels[..count];
        return Figures.Apply(_model, x => _model.Decode(_model.Encode(x).Style, labels), images, test.Height, test.Width, batchSize: count);
    }

    public override void RecordEpoch(RunFolder run, Dataset test, int epoch)
    {
        if (Config.Latent != 2) return;
        var first = test.Images.AsSpan(0, Math.Min(LatentTrail.Images, test.Count) * test.PixelsPerImage).ToArray();
        LatentTrail.Record(run, epoch, Figures.Apply(_model, x => _model.Encode(x).Style, first, test.Height, test.Width), Config.Latent);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) =>
        AaeDisentangledFigures.Write(this, _model, run, test, report);
}
