// Draws short ASCII labels into images (grid row and column labels) with the embedded 7x15 monospace
// font, blending coverage over what is already there. Characters outside printable ASCII draw as '?'.
namespace Engine.Imaging;

public static class BitmapFont
{
    public const int CharWidth = BitmapFontData.GlyphWidth;
    public const int LineHeight = BitmapFontData.GlyphHeight;

    public static int Measure(string text) => text.Length * CharWidth;

    /// <summary>Draws text with its top-left corner at (left, top); pixels outside the image are skipped.</summary>
    public static void Draw(Image image, string text, int left, int top, Rgb color)
    {
        for (int k = 0; k < text.Length; k++)
        {
            char ch = text[k] is >= ' ' and <= '~' ? text[k] : '?';
            string glyph = BitmapFontData.Glyphs[ch - ' '];
            for (int gy = 0; gy < LineHeight; gy++)
            {
                for (int gx = 0; gx < CharWidth; gx++)
                {
                    int coverage = Convert.ToInt32(glyph[gy * CharWidth + gx].ToString(), 16);
                    int x = left + k * CharWidth + gx, y = top + gy;
                    if (coverage == 0 || x < 0 || y < 0 || x >= image.Width || y >= image.Height)
                    {
                        continue;
                    }
                    Blend(image, x, y, color, coverage / 15f);
                }
            }
        }
    }

    private static void Blend(Image image, int x, int y, Rgb color, float alpha)
    {
        Rgb under = image.GetRgb(x, y);
        Rgb mixed = under.Lerp(color, alpha);
        int i = (y * image.Width + x) * image.Channels;
        if (image.Channels == 1)
        {
            image.Pixels[i] = (byte)((mixed.R + mixed.G + mixed.B + 1) / 3);
            return;
        }
        image.Pixels[i] = mixed.R;
        image.Pixels[i + 1] = mixed.G;
        image.Pixels[i + 2] = mixed.B;
        if (image.Channels == 4)
        {
            image.Pixels[i + 3] = 255;
        }
    }
}
