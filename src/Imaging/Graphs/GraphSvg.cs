// Draws a laid-out GraphDrawing as one self-contained SVG (no external resources): each box a <g class="node|leaf ...">
// with its data-* attributes (op boxes: class "node", one per tape node, so a browser test can count them), text in a
// monospace font, edges as paths with an arrowhead marker, the badge as a numbered red circle at the box's corner.
namespace Engine.Imaging;

using System.Text;

public static class GraphSvg
{
    /// <summary>The SVG text of <paramref name="graph"/> placed by <paramref name="layout"/>.</summary>
    public static string Render(GraphDrawing graph, GraphLayout layout)
    {
        double header = 36 + 14 * graph.Notes.Count;
        double notes = graph.Notes.Select(n => n.Length * 6.1 + 24).Append(graph.Title.Length * 9.5 + 24).Max();   // 11 px and 16 px bold text
        double width = Math.Max(layout.Width, Math.Max(640, notes)), height = layout.Height + header + 8;
        var svg = new StringBuilder();
        string F(double v) => SvgWriter.F(v);
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{F(width)}\" height=\"{F(height)}\" viewBox=\"0 0 {F(width)} {F(height)}\" ");
        svg.Append($"font-family=\"{SvgWriter.FontFamily}\" font-size=\"12\" data-layout=\"{layout.Engine}\">\n");
        svg.Append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">");
        svg.Append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n");
        svg.Append($"<rect x=\"0\" y=\"0\" width=\"{F(width)}\" height=\"{F(height)}\" fill=\"#ffffff\"/>\n");
        svg.Append($"<text x=\"12\" y=\"22\" font-size=\"16\" font-weight=\"bold\">{SvgWriter.Escape(graph.Title)}</text>\n");
        for (int i = 0; i < graph.Notes.Count; i++)
        {
            svg.Append($"<text x=\"12\" y=\"{F(40 + 14 * i)}\" font-size=\"11\" fill=\"#444\">{SvgWriter.Escape(graph.Notes[i])}</text>\n");
        }
        svg.Append($"<g transform=\"translate(0,{F(header)})\">\n");
        svg.Append("<g class=\"edges\" fill=\"none\" stroke=\"#555\" stroke-width=\"1.1\">\n");
        for (int i = 0; i < graph.Edges.Count; i++)
        {
            var points = layout.EdgePoints[i];
            svg.Append($"<path class=\"edge\" data-from=\"{graph.Edges[i].From}\" data-to=\"{graph.Edges[i].To}\" d=\"{Path(points, layout.Splines)}\" marker-end=\"url(#arrow)\"/>\n");
        }
        svg.Append("</g>\n");
        foreach (var node in graph.Nodes)
        {
            var (cx, cy) = layout.Centres[node.Id];
            Box(svg, node, cx - node.Width / 2, cy - node.Height / 2);
        }
        svg.Append("</g>\n</svg>\n");
        return svg.ToString();
    }

    private static void Box(StringBuilder svg, GraphNode node, double x, double y)
    {
        string F(double v) => SvgWriter.F(v);
        var (cls, fill, stroke, strokeWidth) = node.Kind switch
        {
            GraphNodeKind.Loss => ("node loss", "#fde8e8", "#c0392b", 2.5),
            GraphNodeKind.Op => ("node", "#eef3fb", "#4a6fa5", 1.2),
            GraphNodeKind.Parameter => ("leaf parameter", "#eaf6ea", "#3c8d3c", 1.0),
            _ => ("leaf input", "#f4f4f4", "#888888", 1.0),
        };
        var data = string.Concat(node.Data.Select(d => $" data-{d.Key}=\"{SvgWriter.Escape(d.Value)}\""));
        svg.Append($"<g class=\"{cls}\" id=\"{node.Id}\"{data}>\n");
        double rx = node.IsOp ? 4 : node.Height / 2;
        svg.Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(node.Width)}\" height=\"{F(node.Height)}\" rx=\"{F(rx)}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"/>\n");
        svg.Append($"<title>{SvgWriter.Escape(string.Join("\n", node.Lines))}</title>\n");
        for (int i = 0; i < node.Lines.Count; i++)
        {
            string weight = i == 0 ? " font-weight=\"bold\"" : "";
            svg.Append($"<text x=\"{F(x + GraphNode.Padding)}\" y=\"{F(y + GraphNode.Padding + 10 + i * GraphNode.LineHeight)}\" font-family=\"DejaVu Sans Mono, monospace\" font-size=\"11\"{weight}>");
            svg.Append(SvgWriter.Escape(node.Lines[i])).Append("</text>\n");
        }
        if (node.Badge is int badge)
        {
            double bx = x + node.Width, by = y;
            svg.Append($"<g class=\"badge\"><circle cx=\"{F(bx)}\" cy=\"{F(by)}\" r=\"9\" fill=\"#c0392b\"/>");
            svg.Append($"<text x=\"{F(bx)}\" y=\"{F(by + 3.5)}\" text-anchor=\"middle\" font-size=\"9\" fill=\"#ffffff\">{badge}</text></g>\n");
        }
        svg.Append("</g>\n");
    }

    // Polyline points as vertical-tangent cubic curves; dot's B-spline control points as they are.
    private static string Path(IReadOnlyList<(double X, double Y)> p, bool splines)
    {
        string F(double v) => SvgWriter.F(v);
        var d = new StringBuilder($"M{F(p[0].X)},{F(p[0].Y)}");
        if (splines)
        {
            for (int i = 1; i + 2 < p.Count; i += 3) d.Append($" C{F(p[i].X)},{F(p[i].Y)} {F(p[i + 1].X)},{F(p[i + 1].Y)} {F(p[i + 2].X)},{F(p[i + 2].Y)}");
            return d.ToString();
        }
        for (int i = 1; i < p.Count; i++)
        {
            double mid = (p[i - 1].Y + p[i].Y) / 2;
            d.Append(p[i].Y - p[i - 1].Y < 1 ? $" L{F(p[i].X)},{F(p[i].Y)}" : $" C{F(p[i - 1].X)},{F(mid)} {F(p[i].X)},{F(mid)} {F(p[i].X)},{F(p[i].Y)}");
        }
        return d.ToString();
    }
}
