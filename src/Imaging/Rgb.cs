// An 8-bit sRGB colour, with hex parsing and formatting for SVG and HTML.
namespace Engine.Imaging;

/// <summary>An 8-bit sRGB colour, with hex parsing and formatting for SVG and HTML.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static readonly Rgb Black = new(0, 0, 0);
    public static readonly Rgb White = new(255, 255, 255);

    /// <summary>"#rrggbb", as SVG and CSS expect.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";

    /// <summary>Parses "#rrggbb" or "rrggbb".</summary>
    public static Rgb FromHex(string hex)
    {
        string digits = hex.StartsWith('#') ? hex[1..] : hex;
        if (digits.Length != 6)
        {
            throw new FormatException($"Colour '{hex}' is not of the form #rrggbb.");
        }
        int value = Convert.ToInt32(digits, 16);
        return new Rgb((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    /// <summary>Linear blend: t = 0 gives this colour, t = 1 gives <paramref name="other"/>.</summary>
    public Rgb Lerp(Rgb other, float t) => new(
        (byte)MathF.Round(R + (other.R - R) * t),
        (byte)MathF.Round(G + (other.G - G) * t),
        (byte)MathF.Round(B + (other.B - B) * t));

    public override string ToString() => Hex;
}
