// A test-only HTML page that inlines every SVG plot of a run and, in the browser, measures the rendered
// text and shapes: overlapping labels, text outside the picture, legend over data. Results go into #result.
using System.Text;

namespace Engine.Tests.Imaging;

internal static class LegibilityPage
{
    private const string Script = """
        const overlaps = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;
        const results = [];
        for (const holder of document.querySelectorAll("[data-name]")) {
          const svg = holder.querySelector("svg");
          const problems = [];
          const frame = svg.getBoundingClientRect();
          const texts = [...svg.querySelectorAll("text")];
          const boxes = texts.map(t => t.getBoundingClientRect());
          for (let i = 0; i < texts.length; i++) {
            const r = boxes[i];
            if (r.width === 0) problems.push("text not rendered: " + texts[i].textContent);
            if (r.left < frame.left || r.right > frame.right || r.top < frame.top || r.bottom > frame.bottom)
              problems.push("text outside the picture: " + texts[i].textContent);
            for (let j = i + 1; j < texts.length; j++)
              if (overlaps(r, boxes[j])) problems.push("texts overlap: '" + texts[i].textContent + "' and '" + texts[j].textContent + "'");
          }
          const legend = svg.querySelector(".legend");
          const marks = [...svg.querySelectorAll(".data circle, .data rect, .data path, .data polyline, .data line")];
          if (legend) {
            const box = legend.getBoundingClientRect();
            let covered = 0;
            for (const m of marks) if (overlaps(box, m.getBoundingClientRect())) covered++;
            if (covered > 0) problems.push("legend covers " + covered + " data marks");
          }
          results.push({ name: holder.dataset.name, problems, texts: texts.length, marks: marks.length,
            xTicks: svg.querySelectorAll(".tick.x").length, yTicks: svg.querySelectorAll(".tick.y").length });
        }
        document.getElementById("result").textContent = JSON.stringify(results);
        """;

    /// <summary>A deliberately bad plot: overlapping tick labels, a legend over a point, text past the edge.</summary>
    public const string Canary = """
        <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" font-size="12">
        <g class="data"><circle cx="150" cy="30" r="3"/></g>
        <text class="tick x" x="20" y="90">0.125</text><text class="tick x" x="35" y="90">0.250</text>
        <text x="185" y="50">outside</text>
        <g class="legend"><rect x="140" y="20" width="40" height="20"/></g>
        </svg>
        """;

    /// <summary>Writes legibility.html into the folder, inlining the given SVG files; returns its path.</summary>
    public static string Write(string folder, IEnumerable<string> svgFiles)
    {
        var html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n");
        foreach (string file in svgFiles)
        {
            html.Append($"<div data-name=\"{file}\">{File.ReadAllText(Path.Combine(folder, file))}</div>\n");
        }
        html.Append($"<pre id=\"result\"></pre>\n<script>\n{Script}</script>\n</body></html>\n");
        string path = Path.Combine(folder, "legibility.html");
        File.WriteAllText(path, html.ToString());
        return path;
    }
}
