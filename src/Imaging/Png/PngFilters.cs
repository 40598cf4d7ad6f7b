// The five PNG row filters (None, Sub, Up, Average, Paeth): apply for the encoder, undo for the decoder.
// bpp = bytes per complete pixel (at least 1); "previous" is the unfiltered row above (zeros for the first row).
namespace Engine.Imaging;

internal static class PngFilters
{
    public const int None = 0, Sub = 1, Up = 2, Average = 3, Paeth = 4;

    /// <summary>Writes filter(row) into <paramref name="output"/> (same length as the row).</summary>
    public static void Apply(int filter, ReadOnlySpan<byte> row, ReadOnlySpan<byte> previous, int bpp, Span<byte> output)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int up = previous[i];
            int upLeft = i >= bpp ? previous[i - bpp] : 0;
            output[i] = (byte)(row[i] - Predict(filter, left, up, upLeft));
        }
    }

    /// <summary>Undoes the filter in place: <paramref name="row"/> holds filtered bytes on entry, raw bytes on exit.</summary>
    /// <remarks>One loop per filter type (the decoder's hot path: a browser screenshot is millions of bytes).</remarks>
    public static void Undo(int filter, Span<byte> row, ReadOnlySpan<byte> previous, int bpp)
    {
        int n = row.Length;
        switch (filter)
        {
            case None:
                break;
            case Sub:
                for (int i = bpp; i < n; i++)
                {
                    row[i] += row[i - bpp];
                }
                break;
            case Up:
                for (int i = 0; i < n; i++)
                {
                    row[i] += previous[i];
                }
                break;
            case Average:
                for (int i = 0; i < n; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    row[i] += (byte)((left + previous[i]) >> 1);
                }
                break;
            case Paeth:
                for (int i = 0; i < n; i++)
                {
                    int left = i >= bpp ? row[i - bpp] : 0;
                    int upLeft = i >= bpp ? previous[i - bpp] : 0;
                    row[i] += (byte)PaethPredictor(left, previous[i], upLeft);
                }
                break;
            default:
                throw new ImageFormatException($"Unknown PNG filter type {filter} (valid types are 0 to 4).");
        }
    }

    private static int Predict(int filter, int left, int up, int upLeft) => filter switch
    {
        None => 0,
        Sub => left,
        Up => up,
        Average => (left + up) >> 1,
        Paeth => PaethPredictor(left, up, upLeft),
        _ => throw new ImageFormatException($"Unknown PNG filter type {filter} (valid types are 0 to 4)."),
    };

    private static int PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return a;
        }
        return pb <= pc ? b : c;
    }
}
