// "aae --recipe notebook": the course notebook's AAE step, as issue 29 reads its code (uniform and grid priors only; the
// normal prior is this engine's). Per batch, three Adams as the engine's (lr 1e-3, weight decay 1e-6), three phases:
//   1. reconstruction (encoder + decoder):  L_rec = BCE(G(E(x)), x)                                  (as the engine's)
//   2. generator (encoder):                 z = E(x); L_gen = w BCE(D(z), 1), D on the codes alone   (engine: D over [z_p; z])
//   3. discriminator (D):                   L_D = BCE([D(z); D(z_p)], [0_B; 1_P]), one mean over B + P predictions, from
//      two passes (the codes, then the prior samples), so each BatchNorm1d normalises them apart; z is phase 2's codes,
//      detached, computed before the generator's update (engine: BCE(D(z_p), 1) + BCE(D(z), 0) in one pass over a third E(x))
// P = 20 B on the uniform prior (the fake term weighs 1/21), a fixed 1,280 on the grid (engine: 10 B). Evaluation runs in
// training mode (batch statistics; engine: eval mode), and so are its figures: the test codes, the latent trail, the
// reconstructions and the images decoded from the grid and from prior samples.
// B = batch, P = prior samples, Z = latent size.
namespace Engine.Models.Experiments;

using Engine.Models.Training;

public sealed partial class AaeExperiment
{
    /// <summary>The notebook's prior samples per discriminator step on the grid prior, whatever the batch (128 per box).</summary>
    public const int NotebookGridSamples = 1280;

    /// <summary>Refuses what the notebook's step does not have, in one line, before anything is written.</summary>
    public static void CheckRecipe(RunConfig config)
    {
        if (config.Recipe != Recipes.Notebook) return;
        if (config.Aae.Prior is not ("uniform" or "grid"))
        {
            throw new ArgumentException($"--recipe notebook trains the notebook's AAE, whose priors are uniform and grid; the " +
                $"{config.Aae.Prior} prior is this engine's design: use --recipe engine with --prior {config.Aae.Prior}.");
        }
        if (config.Aae.DiscriminatorSteps != 1)
        {
            throw new ArgumentException("--recipe notebook runs the notebook's one discriminator step per batch; drop " +
                $"--discriminator-steps {config.Aae.DiscriminatorSteps} or use --recipe engine.");
        }
    }

    /// <summary>The notebook's prior samples for a batch of <paramref name="batch"/> images: 20 B (uniform), 1,280 (grid).</summary>
    public int NotebookPriorSamples(int batch) =>
        Config.Aae.SampleMultiple is int multiple ? batch * multiple : Prior is GridPrior ? NotebookGridSamples : batch * SampleMultiple;

    private string NotebookSamplesText =>
        Prior is GridPrior && Config.Aae.SampleMultiple is null ? $"{NotebookGridSamples:N0}" : $"{SampleMultiple} x B";

    private string NotebookDescription =>
        $"Adversarial autoencoder (recipe notebook), latent {Config.Latent}, prior {Prior.Description}: per batch a reconstruction " +
        $"step (BCE), a generator step ({Config.Aae.GeneratorWeight} x BCE(D(E(x)), 1), D on the codes alone) and a discriminator " +
        $"step on the generator step's codes (D on the codes, then on {NotebookSamplesText} " +
        $"prior samples, one BCE mean over both); three Adams, lr {Config.LearningRate}, weight decay {WeightDecay}; evaluated in training mode.";

    /// <summary>
    /// The codes (N, Z) of <paramref name="images"/> (N, 1, H, W) in batches of 256, as the recipe evaluates them: the engine's
    /// in eval mode, the notebook's in training mode (batch statistics; a last batch of one image in eval mode). The test
    /// codes of the figures, the report's fraction inside and the latent trail.
    /// </summary>
    internal float[] TestCodes(float[] images, int height, int width) => Figures.Apply(_model, x =>
    {
        _model.Encoder.Train(EvaluatesInTrainingMode(x));  // the scope gives the model its mode back
        return _model.Encode(x);
    }, images, height, width);

    // The notebook's evaluation runs in training mode (batch statistics), but a batch of one has none: that one in eval mode.
    private bool EvaluatesInTrainingMode(Tensor batch) => Config.Recipe == Recipes.Notebook && batch.Shape[0] > 1;

    /// <summary>
    /// The figures' decoded images of <paramref name="codes"/> (N, Z), in batches of 256, as the recipe evaluates: the
    /// notebook never calls eval(), so its decoder normalises each batch by its own statistics; the engine's runs in eval
    /// mode. A batch of one code decodes in eval mode (batch statistics of one sample are undefined).
    /// </summary>
    internal float[] DecodeAsEvaluated(float[] codes) => Figures.Decode(_model, z =>
    {
        _model.Decoder.Train(EvaluatesInTrainingMode(z));
        return _model.Decode(z);
    }, codes, Latent);

    /// <summary>The figures' reconstructions of <paramref name="images"/> (N, 1, H, W), in the mode the recipe evaluates in.</summary>
    internal float[] ReconstructAsEvaluated(float[] images, int height, int width) => Figures.Apply(_model, x =>
    {
        _model.Train(EvaluatesInTrainingMode(x));
        return _model.Forward(x);
    }, images, height, width);

    /// <summary>
    /// The notebook's training step on images <paramref name="x"/> (B, C, H, W) against <paramref name="priorSamples"/> (P, Z):
    /// the encoder runs twice (phases 1 and 2), D three times (phase 2 on z, phase 3 on z then z_p); <paramref name="afterPhase"/>
    /// sees the model after each phase. Returns the terms, each computed before its update (inside-prior: phase 2's codes).
    /// </summary>
    public LossTerms NotebookPhases(Tensor x, Tensor priorSamples, Action<string>? afterPhase = null)
    {
        var (reconstruction, generator, discriminator) = (Optimizers[0].Optimizer, Optimizers[1].Optimizer, Optimizers[2].Optimizer);

        // 1. Reconstruction: L_rec = BCE(G(E(x)), x) trains the encoder and the decoder.
        reconstruction.ZeroGrad();
        var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Forward(x), x);
        rec.Backward();
        reconstruction.Step();
        afterPhase?.Invoke("reconstruction");

        // 2. Generator: L_gen = w BCE(D(z), 1), D in a pass over the codes alone.
        generator.ZeroGrad();
        var z = _model.Encode(x);                                                     // (B, Z)
        var gen = AdversarialAutoencoder.GeneratorLoss(_model.Discriminator.Forward(z));
        (gen * Config.Aae.GeneratorWeight).Backward();
        generator.Step();
        afterPhase?.Invoke("generator");

        // 3. Discriminator: phase 2's codes (from before the generator's update) detached, then the prior samples, each its own pass.
        discriminator.ZeroGrad();
        var codes = z.Detach();                                                       // (B, Z)
        var dis = NotebookDiscriminatorLoss(_model.Discriminator.Forward(codes), _model.Discriminator.Forward(priorSamples));
        dis.Backward();
        discriminator.Step();
        afterPhase?.Invoke("discriminator");

        var inside = Tensor.FromArray([(float)Prior.FractionInside(codes.ToArray())], 1);
        return new LossTerms(rec, [("reconstruction", rec), ("generator", gen), ("discriminator", dis), ("inside-prior", inside)]);
    }

    /// <summary>
    /// The notebook's L_D = BCE([D(z); D(z_p)], [0; 1]): one mean over all B + P predictions <paramref name="dOfCodes"/> (B, 1)
    /// and <paramref name="dOfPrior"/> (P, 1), so the codes' term weighs B / (B + P) (1/21 at P = 20 B).
    /// </summary>
    public static Tensor NotebookDiscriminatorLoss(Tensor dOfCodes, Tensor dOfPrior)
    {
        var predictions = Tensor.Concat(0, dOfCodes, dOfPrior);                       // (B + P, 1)
        var targets = Tensor.Concat(0, Tensor.Zeros(dOfCodes.Shape, dOfCodes.Backend), Tensor.Full(dOfPrior.Shape, 1f, dOfPrior.Backend));
        return Engine.Functional.BinaryCrossEntropy(predictions, targets);
    }

    /// <summary>
    /// The terms on a test batch as the notebook evaluates: in training mode (batch statistics; the running statistics move,
    /// as PyTorch's do), D on the codes alone for the generator's term and in two passes for the discriminator's, against
    /// prior samples of a fixed stream for that batch. A single image (the memory estimate's probe, or a last test batch of
    /// one) has no batch statistics, so it is scored in the mode the caller set (PyTorch would refuse it in training mode).
    /// </summary>
    private LossTerms NotebookLoss(TrainingBatch batch)
    {
        bool wasTraining = _model.Training;
        if (batch.Count > 1) _model.Train();
        try
        {
            var x = batch.Items;
            var z = _model.Encode(x);                                                 // (B, Z)
            var rec = AdversarialAutoencoder.ReconstructionLoss(_model.Decode(z), x);
            int samples = NotebookPriorSamples(batch.Count);
            var prior = Prior.Sample(samples, new Generator(Config.Seed ^ RandomStreams.AaeEvaluation, (ulong)batch.Source.Index * (ulong)(samples * Latent)));
            var fake = _model.Discriminator.Forward(z);
            var gen = AdversarialAutoencoder.GeneratorLoss(fake);
            var dis = NotebookDiscriminatorLoss(fake, _model.Discriminator.Forward(prior));
            var inside = Tensor.FromArray([(float)Prior.FractionInside(z.ToArray())], 1);
            return new LossTerms(rec, [("reconstruction", rec), ("generator", gen), ("discriminator", dis), ("inside-prior", inside)]);
        }
        finally
        {
            _model.Train(wasTraining);
        }
    }
}
