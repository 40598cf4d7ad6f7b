// Median-cut colour quantization over a histogram of 5-bit-per-channel colours: split the box with the
// widest channel range at its pixel-weighted median until there are enough boxes; each box gives its mean.
namespace Engine.Imaging;

internal static class MedianCut
{
    /// <param name="counts">32768 pixel counts, indexed by GifPalette.Reduce</param>
    public static Rgb[] Build(int[] counts, int maxColors)
    {
        var boxes = new List<List<int>> { Enumerable.Range(0, counts.Length).Where(i => counts[i] > 0).ToList() };
        while (boxes.Count < maxColors)
        {
            int widest = -1, widestRange = 0, widestChannel = 0;
            for (int b = 0; b < boxes.Count; b++)
            {
                if (boxes[b].Count < 2)
                {
                    continue;
                }
                for (int channel = 0; channel < 3; channel++)
                {
                    int range = boxes[b].Max(c => Channel(c, channel)) - boxes[b].Min(c => Channel(c, channel));
                    if (range > widestRange)
                    {
                        (widest, widestRange, widestChannel) = (b, range, channel);
                    }
                }
            }
            if (widest < 0)
            {
                break;
            }
            List<int> box = boxes[widest];
            box.Sort((x, y) => Channel(x, widestChannel).CompareTo(Channel(y, widestChannel)));
            long total = box.Sum(c => (long)counts[c]);
            long running = 0;
            int split = 1;
            for (int i = 0; i < box.Count - 1; i++)
            {
                running += counts[box[i]];
                split = i + 1;
                if (running * 2 >= total)
                {
                    break;
                }
            }
            boxes[widest] = box.GetRange(0, split);
            boxes.Add(box.GetRange(split, box.Count - split));
        }
        return boxes.Select(box => Mean(box, counts)).ToArray();
    }

    private static int Channel(int reduced, int channel) => (reduced >> (10 - 5 * channel)) & 31;

    private static Rgb Mean(List<int> box, int[] counts)
    {
        double r = 0, g = 0, b = 0, n = 0;
        foreach (int c in box)
        {
            Rgb color = GifPalette.Expand(c);
            r += color.R * (double)counts[c];
            g += color.G * (double)counts[c];
            b += color.B * (double)counts[c];
            n += counts[c];
        }
        return new Rgb((byte)Math.Round(r / n), (byte)Math.Round(g / n), (byte)Math.Round(b / n));
    }
}
