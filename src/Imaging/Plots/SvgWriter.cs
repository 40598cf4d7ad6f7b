// A tiny SVG builder: elements as strings with invariant-culture numbers (2 decimals) and XML escaping.
using System.Globalization;
using System.Text;

namespace Engine.Imaging;

internal sealed class SvgWriter
{
    public const string FontFamily = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";
    private readonly StringBuilder _text = new();

    public SvgWriter(int width, int height)
    {
        _text.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" ");
        _text.Append($"font-family=\"{FontFamily}\" font-size=\"12\">\n");
        Rect(0, 0, width, height, "fill=\"#ffffff\"");
    }

    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static string Escape(string text) => text
        .Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    public void Raw(string element) => _text.Append(element).Append('\n');

    public void Rect(double x, double y, double width, double height, string attributes) =>
        Raw($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(width)}\" height=\"{F(height)}\" {attributes}/>");

    public void Line(double x1, double y1, double x2, double y2, string attributes) =>
        Raw($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" {attributes}/>");

    /// <summary>Text anchored at (x, y) on its baseline; anchor is start, middle or end.</summary>
    public void Text(double x, double y, string text, string anchor = "start", string attributes = "") =>
        Raw($"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" {attributes}>{Escape(text)}</text>");

    public void Polyline(IEnumerable<(double X, double Y)> points, string attributes) =>
        Raw($"<polyline points=\"{string.Join(' ', points.Select(p => F(p.X) + "," + F(p.Y)))}\" fill=\"none\" {attributes}/>");

    public void BeginGroup(string attributes) => Raw($"<g {attributes}>");

    public void EndGroup() => Raw("</g>");

    public override string ToString() => _text + "</svg>\n";
}
