// The priors the adversarial autoencoders hold their codes to, as seeded samplers (the engine's Philox Generator) with
// their support, for the discriminator's "real" samples, the inside-the-support metric and the figures:
//   uniform: z ~ U[-2.5, 2.5]^Z                                      (course: batch 512, 20 prior samples per image)
//   grid:    Z = 2; ten boxes, sample i in box i mod 10, uniform inside it: the nine boxes I x J with I, J in
//            {[-1.5, -0.7], [-0.5, 0.3], [0.5, 1.3]}, and x in [-0.5, 0.3], y in [-2.3, -1.7]
//                                                                    (course: batch 128, 128 samples per box = 10 per image)
//   normal:  z ~ N(0, I); its "support" for the metric is the ball holding 95% of the mass, |z|^2 <= chi2_Z(0.95)
//            (batch 512, 20 per image, as the uniform prior).
// N = samples, Z = latent size.
namespace Engine.Models;

/// <summary>An axis-aligned box [Left, Right] x [Bottom, Top] of a 2-D prior's support.</summary>
public readonly record struct LatentBox(float Left, float Right, float Bottom, float Top)
{
    public bool Contains(float x, float y) => x >= Left && x <= Right && y >= Bottom && y <= Top;
}

public abstract class LatentPrior
{
    public static IReadOnlyList<string> Names { get; } = ["uniform", "grid", "normal"];

    protected LatentPrior(int latent) => Latent = latent;

    public abstract string Name { get; }

    /// <summary>The code size Z.</summary>
    public int Latent { get; }

    /// <summary>The course's batch size for this prior.</summary>
    public abstract int DefaultBatchSize { get; }

    /// <summary>The course's number of prior samples per image of a batch.</summary>
    public abstract int DefaultSampleMultiple { get; }

    /// <summary>One line for the report, e.g. "uniform on [-2.5, 2.5]^2".</summary>
    public abstract string Description { get; }

    /// <summary><paramref name="count"/> samples (N, Z), drawn from <paramref name="generator"/> (its offset advances).</summary>
    public abstract Tensor Sample(int count, Generator generator);

    /// <summary>True when code (Z values) lies in the prior's support.</summary>
    public abstract bool Contains(ReadOnlySpan<float> code);

    /// <summary>The support's outline in the (z1, z2) plane as points (x0, y0, x1, y1, ...), for drawing over a scatter.</summary>
    public abstract float[] Outline();

    /// <summary>The region a decoded grid of codes covers: the support's bounding box, or null to use the codes' own.</summary>
    public virtual LatentBox? GridRegion => null;

    /// <summary>The fraction of <paramref name="codes"/> (N, Z, row-major) inside the support.</summary>
    public double FractionInside(ReadOnlySpan<float> codes)
    {
        int n = codes.Length / Latent, inside = 0;
        for (int i = 0; i < n; i++) if (Contains(codes.Slice(i * Latent, Latent))) inside++;
        return n == 0 ? 0 : inside / (double)n;
    }

    /// <summary>The prior called <paramref name="name"/> for codes of size <paramref name="latent"/>; one clear line otherwise.</summary>
    public static LatentPrior Create(string name, int latent) => name switch
    {
        "uniform" => new UniformPrior(latent),
        "grid" when latent == 2 => new GridPrior(),
        "grid" => throw new ArgumentException($"The grid prior is a set of boxes in the plane: it needs --latent 2; got {latent}."),
        "normal" => new NormalPrior(latent),
        _ => throw new ArgumentException($"Unknown prior '{name}'; use --prior {string.Join(", --prior ", Names)}."),
    };

    /// <summary>Points along the edges of <paramref name="boxes"/>, <paramref name="perEdge"/> per edge.</summary>
    protected static float[] BoxOutline(IEnumerable<LatentBox> boxes, int perEdge = 60)
    {
        var points = new List<float>();
        foreach (var b in boxes)
        {
            for (int i = 0; i <= perEdge; i++)
            {
                float t = i / (float)perEdge, x = b.Left + t * (b.Right - b.Left), y = b.Bottom + t * (b.Top - b.Bottom);
                points.AddRange([x, b.Bottom, x, b.Top, b.Left, y, b.Right, y]);
            }
        }
        return [.. points];
    }
}

/// <summary>z ~ U[-Half, Half]^Z.</summary>
public sealed class UniformPrior(int latent) : LatentPrior(latent)
{
    public const float Half = 2.5f;

    public override string Name => "uniform";

    public override int DefaultBatchSize => 512;

    public override int DefaultSampleMultiple => 20;

    public override string Description => $"uniform on [-{Half}, {Half}]^{Latent}";

    public override Tensor Sample(int count, Generator generator) => Tensor.RandU(new Shape(count, Latent), -Half, Half, generator);

    public override bool Contains(ReadOnlySpan<float> code)
    {
        foreach (float v in code) if (!(v >= -Half && v <= Half)) return false;
        return true;
    }

    public override float[] Outline() => BoxOutline([new LatentBox(-Half, Half, -Half, Half)], 200);
}

/// <summary>Ten boxes in the plane, equally often: sample i falls in box i mod 10.</summary>
public sealed class GridPrior() : LatentPrior(2)
{
    private static readonly (float Low, float High)[] s_bands = [(-1.5f, -0.7f), (-0.5f, 0.3f), (0.5f, 1.3f)];

    /// <summary>The nine boxes of the 3 x 3 grid (row by row from the bottom), then the extra box below the middle column.</summary>
    public static IReadOnlyList<LatentBox> Boxes { get; } =
        [.. s_bands.SelectMany(y => s_bands.Select(x => new LatentBox(x.Low, x.High, y.Low, y.High))), new LatentBox(-0.5f, 0.3f, -2.3f, -1.7f)];

    public override string Name => "grid";

    public override int DefaultBatchSize => 128;

    public override int DefaultSampleMultiple => 10;   // 1,280 samples for a batch of 128: 128 per box

    public override string Description => "ten boxes: [-1.5,-0.7], [-0.5,0.3], [0.5,1.3] squared, and [-0.5,0.3] x [-2.3,-1.7]";

    public override Tensor Sample(int count, Generator generator) =>
        InBoxes(Tensor.RandU(new Shape(count, 2), 0f, 1f, generator).ToArray());

    /// <summary>
    /// The samples' layout: uniform draws <paramref name="unit"/> (N, 2, row-major) in [0, 1) placed row i into box i mod 10,
    /// left + u (right - left) in float32, so rows 0..9 visit the boxes in order (a parity fixture builds its samples alike).
    /// </summary>
    public static Tensor InBoxes(float[] unit)
    {
        int count = unit.Length / 2;
        var samples = new float[2 * count];
        for (int i = 0; i < count; i++)
        {
            var box = Boxes[i % Boxes.Count];
            samples[2 * i] = box.Left + unit[2 * i] * (box.Right - box.Left);
            samples[2 * i + 1] = box.Bottom + unit[2 * i + 1] * (box.Top - box.Bottom);
        }
        return Tensor.FromArray(samples, count, 2);
    }

    public override bool Contains(ReadOnlySpan<float> code)
    {
        foreach (var box in Boxes) if (box.Contains(code[0], code[1])) return true;
        return false;
    }

    public override float[] Outline() => BoxOutline(Boxes);

    public override LatentBox? GridRegion => new(Boxes.Min(b => b.Left), Boxes.Max(b => b.Right), Boxes.Min(b => b.Bottom), Boxes.Max(b => b.Top));
}

/// <summary>z ~ N(0, I); the support of the metric is the ball |z|^2 &lt;= chi2_Z(0.95).</summary>
public sealed class NormalPrior(int latent) : LatentPrior(latent)
{
    /// <summary>The 95% quantile of chi-squared with Z degrees of freedom: exact for Z = 2 (-2 ln 0.05), else Wilson-Hilferty.</summary>
    public double Radius2 { get; } = latent == 2 ? -2 * Math.Log(0.05)
        : latent * Math.Pow(1 - 2.0 / (9 * latent) + 1.6448536 * Math.Sqrt(2.0 / (9 * latent)), 3);

    public override string Name => "normal";

    public override int DefaultBatchSize => 512;

    public override int DefaultSampleMultiple => 20;

    public override string Description => $"N(0, I) in {Latent} dimensions (support for the metric: the 95% ball, |z| <= {Math.Sqrt(Radius2):0.###})";

    public override Tensor Sample(int count, Generator generator) => Tensor.RandN(new Shape(count, Latent), generator);

    public override bool Contains(ReadOnlySpan<float> code)
    {
        double r2 = 0;
        foreach (float v in code) r2 += v * (double)v;
        return r2 <= Radius2;
    }

    public override float[] Outline()
    {
        float r = (float)Math.Sqrt(Radius2);
        return [.. Enumerable.Range(0, 400).SelectMany(i => new[] { r * MathF.Cos(i * MathF.Tau / 400), r * MathF.Sin(i * MathF.Tau / 400) })];
    }
}
