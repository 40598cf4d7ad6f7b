// A trained run opened read-only for `engine explore`: its test codes (the scatter), their first two principal directions,
// and decodes of any codes in one batched forward (evaluation mode, the run's device, the trained weights). Works for every
// family that offers ILatentCode and for the CVAE (whose decoder also reads the class). It never writes into the run folder,
// and refuses a folder another process holds for writing (a run still training there). Not thread-safe: call it from one
// thread (the explorer's decode thread). N = test images, T = codes decoded at once, Z = latent size, K = classes,
// H, W = image height and width.
namespace Engine.Models;

using Engine.Memory;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

public sealed class LatentExplorer
{
    private readonly ILatentCode? _code;
    private readonly ConditionalVariationalAutoencoder? _cvae;
    private readonly Module _model;

    private LatentExplorer(RunFolder folder, RunConfig config, Module model, ILatentCode? code, ConditionalVariationalAutoencoder? cvae,
        Dataset test, LatentPrior? prior)
    {
        (Folder, Config, _model, _code, _cvae, Test, Prior) = (folder, config, model, code, cvae, test, prior);
        Latent = code?.Latent ?? cvae!.Latent;
    }

    public RunFolder Folder { get; }

    public RunConfig Config { get; }

    /// <summary>The test images whose codes are the scatter (the run's test split, at most the points asked for).</summary>
    public Dataset Test { get; }

    public int Latent { get; }

    /// <summary>True for the CVAE: every decode also reads a class 0..K-1.</summary>
    public bool Conditional => _cvae is not null;

    /// <summary>True when the codes are posterior means and the prior is N(0, I) (VAE, CVAE): "sample from the prior" applies.</summary>
    public bool Variational => _cvae is not null || _code!.IsVariational;

    /// <summary>The AAE's prior (its support is drawn over the scatter), else null.</summary>
    public LatentPrior? Prior { get; }

    /// <summary>The test codes (N, Z): mu for the VAE and CVAE.</summary>
    public float[] Codes { get; private set; } = [];

    /// <summary>The codes' mean (Z) and first two principal directions (Z each, unit length).</summary>
    public (float[] Mean, float[] First, float[] Second) Principal { get; private set; } = ([], [], []);

    /// <summary>The largest |value| a decoded code may hold: ten times the largest test code value, at least 10.</summary>
    public float CodeBound { get; private set; }

    /// <summary>
    /// Opens a finished run for reading: refuses a folder another process holds for writing and one without a committed
    /// checkpoint (before reading anything else), checks and loads the checkpoint, reads the test split alone, and encodes
    /// its first <paramref name="maxPoints"/> images.
    /// </summary>
    public static LatentExplorer Open(string path, int maxPoints = 2000, Action<string>? log = null)
    {
        if (maxPoints < 2) throw new ArgumentException($"The explorer needs at least 2 test codes; got {maxPoints}.");
        var folder = RunFolder.Open(path);
        RefuseIfHeld(folder);
        if (!Directory.Exists(folder.Checkpoint))
        {
            throw new IOException($"Run '{folder.Path}' has no committed checkpoint (it is training, was stopped before its first " +
                $"checkpoint, or a swap was cut short): finish it with `engine resume {folder.Path}`, then explore it.");
        }
        var (experiment, data) = new RunDriver { Log = log ?? (_ => { }) }.Load(folder.Path);   // checks the checkpoint first
        var (code, cvae) = (experiment as ILatentCode, experiment.Model as ConditionalVariationalAutoencoder);
        if (code is null && cvae is null)
        {
            throw new ArgumentException($"Run '{folder.Path}' holds a {experiment.Config.Family} model, which has no single latent code " +
                "to explore (an encoder to z and a decoder from z); explore a run of ae, dae, sparse-l1, sparse-kl, vae, vae-kl-only, cvae or aae.");
        }
        var explorer = new LatentExplorer(folder, experiment.Config, experiment.Model, code, cvae,
            data.Test.Slice(0, Math.Min(maxPoints, data.Test.Count)), (experiment as AaeExperiment)?.Prior);
        if (explorer.Latent < 2) throw new ArgumentException($"The explorer draws a plane of codes: it needs a latent of 2 or more; run '{folder.Path}' has {explorer.Latent}.");
        explorer.EncodeTestSet();
        return explorer;
    }

    /// <summary>Refuses (one line) a run folder that another process holds for writing; reads only.</summary>
    public static void RefuseIfHeld(RunFolder folder)
    {
        if (RunLock.IsHeld(folder))
        {
            throw new RunFolderBusyException($"Run folder '{folder.Path}' is held by another engine process (a run training there, or " +
                "a verb writing its figures); explore it once that has finished.");
        }
    }

    /// <summary>Decodes codes (T, Z) into images (T, H, W) in one batched forward; labels (T) in 0..K-1 for the CVAE, else null.</summary>
    public float[] Decode(float[] codes, int[]? labels = null)
    {
        int count = codes.Length / Latent;
        if (count < 1 || codes.Length != count * Latent) throw new ArgumentException($"A code has {Latent} values; got {codes.Length}.");
        if (Conditional)
        {
            if (labels is null || labels.Length != count) throw new ArgumentException($"The CVAE decodes each code with a class; got {labels?.Length ?? 0} for {count} codes.");
            return ConditionalGeneration.Decode(_cvae!, codes, labels);
        }
        using (_model.Evaluating())
        {
            using var scope = TensorScope.Begin();
            return _code!.Decode(Tensor.FromArray(codes, new Shape(count, Latent))).ToArray();
        }
    }

    /// <summary>The line from test code <paramref name="a"/> to test code <paramref name="b"/> in <paramref name="steps"/> codes (steps, Z).</summary>
    public float[] StripCodes(int a, int b, int steps)
    {
        CheckIndex(a);
        CheckIndex(b);
        if (steps < 2 || steps > 64) throw new ArgumentException($"A strip has 2 to 64 images; got {steps}.");
        return Interpolation.Linear(Code(a), Code(b), Interpolation.Steps(steps));
    }

    /// <summary>One code (Z) drawn from the prior with this seed: N(0, I) for the VAE and CVAE, the AAE's own prior.</summary>
    public float[] SamplePrior(ulong seed)
    {
        if (!Variational && Prior is null) throw new ArgumentException($"This {Config.Family} run has no prior to sample from; only vae, cvae and aae runs have one.");
        using var scope = TensorScope.Begin();
        var generator = new Generator(seed);
        return (Prior?.Sample(1, generator) ?? Tensor.RandN(new Shape(1, Latent), generator)).ToArray();
    }

    /// <summary>Test code <paramref name="index"/> (Z).</summary>
    public float[] Code(int index)
    {
        CheckIndex(index);
        return Codes.AsSpan(index * Latent, Latent).ToArray();
    }

    /// <summary>Checks a code (T, Z) for decoding: whole codes, finite values within <see cref="CodeBound"/>.</summary>
    public void CheckCodes(ReadOnlySpan<float> codes)
    {
        if (codes.Length == 0 || codes.Length % Latent != 0) throw new ArgumentException($"A code has {Latent} values; got {codes.Length}.");
        foreach (float v in codes)
        {
            if (!(Math.Abs(v) <= CodeBound)) throw new ArgumentException($"Code values must be finite and within ±{CodeBound:G4}; got {v}.");
        }
    }

    /// <summary>Checks a class for the CVAE (0..K-1).</summary>
    public void CheckClass(int label)
    {
        if (label < 0 || label >= Test.ClassCount) throw new ArgumentException($"Class {label} is outside 0..{Test.ClassCount - 1}.");
    }

    private void CheckIndex(int index)
    {
        if (index < 0 || index >= Test.Count) throw new ArgumentException($"Test image {index} is outside 0..{Test.Count - 1}.");
    }

    private void EncodeTestSet()
    {
        var images = Test.Images.AsSpan(0, Test.Count * Test.PixelsPerImage).ToArray();
        if (_cvae is not null)
        {
            Codes = ConditionalGeneration.Encode(_cvae, images).Mu;
        }
        else
        {
            var codes = new List<float>(Test.Count * Latent);
            using (_model.Evaluating())
            {
                for (int start = 0; start < Test.Count; start += 256)
                {
                    using var scope = TensorScope.Begin();
                    int count = Math.Min(256, Test.Count - start);
                    var x = Tensor.FromArray(images[(start * Test.PixelsPerImage)..((start + count) * Test.PixelsPerImage)], new Shape(count, 1, Test.Height, Test.Width));
                    codes.AddRange(_code!.Encode(x).ToArray());
                }
            }
            Codes = [.. codes];
        }
        var pca = Pca.Fit(Codes, Latent);
        Principal = (pca.Mean, pca.Components[..Latent], pca.Components[Latent..(2 * Latent)]);
        CodeBound = Math.Max(10f, 10f * Codes.Max(MathF.Abs));
    }
}
