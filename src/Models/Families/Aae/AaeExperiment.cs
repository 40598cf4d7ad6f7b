// "aae": the adversarial autoencoder with a --prior (uniform, grid or normal). Three Adams (--lr, the course's 1e-3,
// weight decay 1e-6) over parameter subsets, and three phases per batch, each its own zero grad / forward / backward / step:
//   1. reconstruction (encoder + decoder):  L_rec = BCE(G(E(x)), x)
//   2. generator (encoder):                 L_gen = w BCE(D(E(x)), 1), w = --generator-weight (0.01)
//   3. discriminator (D):                   L_D = BCE(D(z_p), 1) + BCE(D(E(x)), 0), E(x) recomputed after phase 2 and detached
// The rates of the game are options (the course's one rate by default): --generator-lr-scale s runs phase 2's Adam at
// s x lr, --discriminator-lr-scale and --discriminator-steps K make D faster (K steps per batch, each after the first on
// fresh prior samples). On the uniform prior a slower generator (s < 1) centres the codes, matches the prior's spread and
// reconstructs better than the course's one rate, but the codes keep a bell-shaped cloud's tails past the square's
// edges, which D, chasing the moving codes, never learns to draw sharply (measured: bench/RESULTS.md, part 2b).
// z_p: --sample-multiple prior samples per image, drawn once per step. In phases 2 and 3 D judges the codes in one pass
// over [z_p; E(x)] (Discriminator.Judge): its batch norm would normalise away, in a pass over the codes alone, where the
// codes lie and how far they spread, the very thing the prior is about.
// Logged terms: reconstruction, generator (the unweighted BCE(D(E(x)), 1)), discriminator, and inside-prior (the fraction
// of the batch's codes inside the prior's support). Its figures are AaeFigures, beside it. This is --recipe engine (the
// default); --recipe notebook runs the course notebook's step instead (AaeExperiment.Notebook.cs, each difference there).
// B = batch, P = prior samples, Z = latent size.
namespace Engine.Models.Experiments;

using Engine.Autograd;
using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed partial class AaeExperiment : Experiment, ILatentCode
{
    public const float WeightDecay = 1e-6f;

    /// <summary>Its registry row: the defaults are the notebook's (batch 512 for the uniform prior, 128 for grid; normal as uniform).</summary>
    public static ExperimentFamily Family { get; } =
        new("aae", "adversarial AE: a discriminator holds the codes to --prior uniform|grid|normal (three optimizers, three phases per batch)",
            (c, d) => new AaeExperiment(c, new ImageShape(1, d.Height, d.Width)))
        {
            DefaultLatent = 2, DefaultEpochs = 10, DefaultLearningRate = 1e-3f,
            DefaultBatchSize = c => LatentPrior.Create(c.Aae.Prior, c.Latent).DefaultBatchSize,
            HasNotebookRecipe = true, CheckRun = (c, _) => CheckRecipe(c),
        };

    private readonly AdversarialAutoencoder _model;
    private readonly Generator _priorSamples;

    public AaeExperiment(RunConfig config, ImageShape image)
        : base(config)
    {
        Prior = LatentPrior.Create(config.Aae.Prior, config.Latent);
        _model = new AdversarialAutoencoder(config.Latent, image, config.Aae.CodeBound);
        _priorSamples = new Generator(config.Seed ^ RandomStreams.Prior);
    }

    public LatentPrior Prior { get; }

    /// <summary>Prior samples per image in the discriminator's phase.</summary>
    public int SampleMultiple => Config.Aae.SampleMultiple ?? Prior.DefaultSampleMultiple;

    public int Latent => Config.Latent;

    public bool IsVariational => false;

    public Tensor Encode(Tensor images) => _model.Encode(images);

    public Tensor Decode(Tensor codes) => _model.Decode(codes);

    public override Module Model => _model;

    public override string Description => Config.Recipe == Recipes.Notebook ? NotebookDescription :
        $"Adversarial autoencoder (recipe engine), latent {Config.Latent}, prior {Prior.Description}: per batch a reconstruction step (BCE), a generator " +
        $"step ({Config.Aae.GeneratorWeight} x BCE(D(E(x)), 1)) and a discriminator step ({SampleMultiple} prior samples per image); " +
        $"three Adams, lr {Config.LearningRate} (the generator's x {Config.Aae.GeneratorLrScale}, the discriminator's x {Config.Aae.DiscriminatorLrScale}, " +
        $"{Config.Aae.DiscriminatorSteps} discriminator step(s) per batch), weight decay {WeightDecay}.";

    public override IReadOnlyList<Generator> Generators => [_priorSamples];

    public override IReadOnlyList<string> Terms => ["reconstruction", "generator", "discriminator", "inside-prior"];

    protected override IReadOnlyList<TrainingOptimizer> CreateOptimizers() =>
    [
        new("reconstruction", Adam(Config, _model.AutoencoderParameters)),
        new("generator", Adam(Config, _model.Encoder.Parameters(), Config.Aae.GeneratorLrScale)),
        new("discriminator", Adam(Config, _model.Discriminator.Parameters(), Config.Aae.DiscriminatorLrScale)),
    ];

    /// <summary>The adversarial AEs' Adam over <paramref name="parameters"/>: at <paramref name="scale"/> x --lr, weight decay 1e-6.</summary>
    public static Adam Adam(RunConfig config, IEnumerable<Parameter> parameters, float scale = 1) =>
        new(parameters, config.LearningRate * scale, weightDecay: WeightDecay);

    /// <summary>The recipe's three phases on the batch, against fresh prior samples (engine: Count x SampleMultiple).</summary>
    public override LossTerms Step(TrainingBatch batch) => Config.Recipe == Recipes.Notebook
        ? NotebookPhases(batch.Items, Prior.Sample(NotebookPriorSamples(batch.Count), _priorSamples))
        : EnginePhases(batch.Items, Prior.Sample(batch.Count * SampleMultiple, _priorSamples));

    /// <summary>
    /// The engine's training step on images <paramref name="x"/> (B, C, H, W) against <paramref name="priorSamples"/> (P, Z):
    /// the reconstruction, generator and discriminator phases, each with its own optimizer; <paramref name="afterPhase"/> sees
    /// the model after each (the parity test compares the parameters there). Returns the terms, each computed before its update.
    /// </summary>
    public LossTerms EnginePhases(Tensor x, Tensor priorSamples, Action<string>? afterPhase = null)
    {
        var (reconstruction, generator, discriminator) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer, Optimizers[2].Optimizer);

        // 1. Reconstruction: L_rec = BCE(G(E(x)), x) trains the encoder and the decoder.
        reconstruction.ZeroGrad();
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Forward(x), x);
        rec.Backward();
        reconstruction.Step();
        afterPhase?.Invoke("reconstruction");

        // 2. Generator: L_gen = w BCE(D(E(x)), 1) trains the encoder to make codes D takes for prior samples.
        generator.ZeroGrad();
        var z = _model.Encode(x);                                                     // (B, Z)
        var gen = AdversarialAutoencoder.GeneratorLoss(_model.Discriminator.Judge(priorSamples, z).Codes);
        (gen * Config.Aae.GeneratorWeight).Backward();
        generator.Step();
        afterPhase?.Invoke("generator");

        // 3. Discriminator: L_D = BCE(D(z_p), 1) + BCE(D(E(x)), 0) on the detached codes of the updated encoder;
        //    --discriminator-steps K > 1 repeats it, each repeat against fresh prior samples (the term logged is the first's).
        Tensor codes;
        using (NoGrad.Scope()) codes = _model.Encode(x);                            // (B, Z), no graph: E(x) detached
        Tensor? dis = null;
        for (int k = 0; k < Config.Aae.DiscriminatorSteps; k++)
        {
            discriminator.ZeroGrad();
            var samples = k == 0 ? priorSamples : Prior.Sample(priorSamples.Shape[0], _priorSamples);
            var (real, fake) = _model.Discriminator.Judge(samples, codes);
            var loss = Discriminator.Loss(real, fake);
            loss.Backward();
            discriminator.Step();
            dis ??= loss;
        }
        afterPhase?.Invoke("discriminator");

        var inside = Tensor.FromArray([(float)Prior.FractionInside(codes.ToArray())], 1);
        return new LossTerms(rec, [("reconstruction", rec), ("generator", gen), ("discriminator", dis!), ("inside-prior", inside)]);
    }

    /// <summary>
    /// The terms on a batch in evaluation mode (the test set after each epoch, `engine eval`): the discriminator's term
    /// against prior samples of a fixed stream for that batch, so every evaluation of a model sees the same samples.
    /// </summary>
    public override LossTerms Loss(TrainingBatch batch, bool training)
    {
        if (Config.Recipe == Recipes.Notebook) return NotebookLoss(batch);
        var x = batch.Items;
        var z = _model.Encode(x);
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Decode(z), x);
        int samples = batch.Count * SampleMultiple;
        var prior = Prior.Sample(samples, new Generator(Config.Seed ^ RandomStreams.AaeEvaluation, (ulong)batch.Source.Index * (ulong)(samples * Latent)));
        var (real, fake) = _model.Discriminator.Judge(prior, z);                    // eval mode: row by row
        var gen = AdversarialAutoencoder.GeneratorLoss(fake);
        var dis = Discriminator.Loss(real, fake);
        var inside = Tensor.FromArray([(float)Prior.FractionInside(z.ToArray())], 1);
        return new LossTerms(rec, [("reconstruction", rec), ("generator", gen), ("discriminator", dis), ("inside-prior", inside)]);
    }

    /// <summary>Keeps the epoch's codes of the first test images for the latent-space animation.</summary>
    public override void RecordEpoch(RunFolder run, Dataset test, int epoch)
    {
        if (Latent != 2) return;
        var first = test.Images.AsSpan(0, Math.Min(LatentTrail.Images, test.Count) * test.PixelsPerImage).ToArray();
        LatentTrail.Record(run, epoch, TestCodes(first, test.Height, test.Width), Latent);
    }

    public override void WriteFigures(RunFolder run, Dataset test, ReportPage report) => AaeFigures.Write(this, run, test, report);
}
