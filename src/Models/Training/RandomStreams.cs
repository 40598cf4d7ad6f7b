// Every named random stream of a run, listed once. A stream is Generator(--seed ^ key) (the evaluation noise of `eval
// --noise`: Generator(key), the same for every run); a key is its name's ASCII read as a number ("Eps" = 0x457073). The
// values are the ones runs have always used, so seeded runs, their checkpoints and the fixtures stay bit-identical; that
// is why "Prior" (five letters, the adversarial AEs' training draws) and "Prio" (four, the figures' samples) both stand.
namespace Engine.Models.Training;

public static class RandomStreams
{
    // Drawn every training step; saved in the training state so resume is exact.
    public const ulong Eps = 0x457073UL;                             // "Eps": the VAE's and CVAE's reparametrization noise
    public const ulong Noise = 0x4E6F697365UL;                       // "Noise": the denoising AE's corruption of training batches
    public const ulong Prior = 0x5072696F72UL;                       // "Prior": the adversarial AEs' prior samples
    public const ulong Features = 0x4665617475726573UL;              // "Features": aae-disentangled's independence term
    public const ulong Known = 0x4B6E6F776EUL;                       // "Known": aae-semi's labelled batches

    // Fixed draws: the same numbers each time a run reads them.
    public const ulong Labels = 0x4C6162656C73UL;                    // "Labels": which training labels aae-semi knows
    public const ulong Test = 0x54657374UL;                          // "Test": the fixed corruption of test images (dae, figures, pca)
    public const ulong AaeEvaluation = 0x4161654576616CUL;           // "AaeEval": prior samples of aae's evaluation batches
    public const ulong DisentangledEvaluation = 0x4461654576616CUL;  // "DaeEval": the same for aae-disentangled
    public const ulong SemiEvaluation = 0x5365654576616CUL;          // "SeeEval": the same for aae-semi
    public const ulong EvaluationNoise = 0x4576616C4E6F6973UL;       // "EvalNois": `eval --noise`, one noisy test set for every run
    public const ulong EvaluationEps = 0x4576616C457073UL;           // "EvalEps": z sampled in evaluation (vae, cvae under --recipe notebook)

    // Figures and report metrics.
    public const ulong Probe = 0x50726F6265UL;                       // "Probe": the latent probe's weights and batches
    public const ulong Sample = 0x53616D706C65UL;                    // "Sample": images decoded from the AAE's prior
    public const ulong PriorFigure = 0x5072696FUL;                   // "Prio": images decoded from z ~ N(0, I) (vae, cvae)
    public const ulong Judge = 0x4A756467UL;                         // "Judg": cvae samples judged by a classifier
    public const ulong Style = 0x5374796CUL;                         // "Styl": cvae samples in the style of a test image
}
