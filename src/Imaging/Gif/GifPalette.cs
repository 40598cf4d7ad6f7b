// One global palette of at most 256 colours for all frames of a GIF: gray frames use the 256 grays exactly,
// colour frames with at most 256 distinct colours use them exactly, otherwise median cut over 5-bit colours.
namespace Engine.Imaging;

internal sealed class GifPalette
{
    private readonly Dictionary<int, byte>? _exact;
    private readonly byte[]? _lookup; // 32768 entries: 5-bit r, g, b -> palette index

    private GifPalette(Rgb[] colors, Dictionary<int, byte>? exact, byte[]? lookup)
    {
        Colors = colors;
        _exact = exact;
        _lookup = lookup;
    }

    public Rgb[] Colors { get; }

    public bool IsGray => _exact is null && _lookup is null;

    public static GifPalette Build(IReadOnlyList<Image> frames)
    {
        if (frames.All(f => f.Channels == 1))
        {
            return new GifPalette(Enumerable.Range(0, 256).Select(v => new Rgb((byte)v, (byte)v, (byte)v)).ToArray(), null, null);
        }
        var exact = new Dictionary<int, byte>();
        var counts = new int[32768];
        foreach (Image frame in frames)
        {
            for (int p = 0; p < frame.Width * frame.Height; p++)
            {
                Rgb c = Pixel(frame, p);
                int packed = (c.R << 16) | (c.G << 8) | c.B;
                if (exact is not null && !exact.ContainsKey(packed))
                {
                    if (exact.Count == 256)
                    {
                        exact = null;
                    }
                    else
                    {
                        exact[packed] = (byte)exact.Count;
                    }
                }
                counts[Reduce(c)]++;
            }
        }
        if (exact is not null)
        {
            Rgb[] colors = exact.OrderBy(e => e.Value).Select(e => new Rgb((byte)(e.Key >> 16), (byte)(e.Key >> 8), (byte)e.Key)).ToArray();
            return new GifPalette(colors, exact, null);
        }
        Rgb[] cut = MedianCut.Build(counts, 256);
        var lookup = new byte[32768];
        for (int i = 0; i < lookup.Length; i++)
        {
            if (counts[i] > 0)
            {
                lookup[i] = Nearest(cut, Expand(i));
            }
        }
        return new GifPalette(cut, null, lookup);
    }

    /// <summary>The palette index of every pixel of a frame.</summary>
    public byte[] Map(Image frame)
    {
        int count = frame.Width * frame.Height;
        if (IsGray)
        {
            return (byte[])frame.Pixels.Clone();
        }
        var indices = new byte[count];
        for (int p = 0; p < count; p++)
        {
            Rgb c = Pixel(frame, p);
            indices[p] = _exact is not null ? _exact[(c.R << 16) | (c.G << 8) | c.B] : _lookup![Reduce(c)];
        }
        return indices;
    }

    private static Rgb Pixel(Image frame, int p)
    {
        int i = p * frame.Channels;
        return frame.Channels == 1 ? new Rgb(frame.Pixels[i], frame.Pixels[i], frame.Pixels[i])
            : new Rgb(frame.Pixels[i], frame.Pixels[i + 1], frame.Pixels[i + 2]);
    }

    internal static int Reduce(Rgb c) => ((c.R >> 3) << 10) | ((c.G >> 3) << 5) | (c.B >> 3);

    internal static Rgb Expand(int reduced) => new(
        (byte)(((reduced >> 10) & 31) * 255 / 31), (byte)(((reduced >> 5) & 31) * 255 / 31), (byte)((reduced & 31) * 255 / 31));

    private static byte Nearest(Rgb[] colors, Rgb c)
    {
        int best = 0;
        int bestDistance = int.MaxValue;
        for (int i = 0; i < colors.Length; i++)
        {
            int dr = colors[i].R - c.R, dg = colors[i].G - c.G, db = colors[i].B - c.B;
            int distance = dr * dr + dg * dg + db * db;
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }
        return (byte)best;
    }
}
