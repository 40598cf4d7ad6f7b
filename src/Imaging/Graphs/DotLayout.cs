// A GraphDrawing laid out by Graphviz `dot` (Debian's graphviz) when it is on PATH: the boxes are given to dot at their
// drawn size, and `dot -Tplain` returns each box's centre and each edge's spline, which GraphSvg draws like the engine's
// own layout (so both pictures carry the same classes and data attributes). Without dot: null and the reason.
namespace Engine.Imaging;

using System.Diagnostics;
using System.Globalization;
using System.Text;

public static class DotLayout
{
    private const double Dpi = 72;                             // dot's plain output is in inches; SVG pixels here = points

    /// <summary>The path of `dot` on PATH, or null.</summary>
    public static string? FindDot()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, OperatingSystem.IsWindows() ? "dot.exe" : "dot");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>The layout dot makes of <paramref name="graph"/>, or null with <paramref name="reason"/> (no dot, or dot failed).</summary>
    public static GraphLayout? TryCompute(GraphDrawing graph, out string reason)
    {
        if (FindDot() is not string dot)
        {
            reason = "Graphviz 'dot' is not on PATH (Debian: apt-get install graphviz)";
            return null;
        }
        var start = new ProcessStartInfo(dot, "-Tplain")
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(Source(graph));
            process.StandardInput.Close();
            string output = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill();
                reason = "dot took more than a minute";
                return null;
            }
            if (process.ExitCode != 0)
            {
                reason = $"dot failed (exit {process.ExitCode}): {error.Result.Trim()}";
                return null;
            }
            reason = "";
            return Parse(graph, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            reason = $"dot could not be started: {e.Message}";
            return null;
        }
    }

    /// <summary>The DOT text: boxes of fixed size (their drawn size, in inches), edges in order, top to bottom.</summary>
    internal static string Source(GraphDrawing graph)
    {
        var text = new StringBuilder("digraph tape {\n  rankdir=TB; nodesep=0.3; ranksep=0.45;\n  node [shape=box, fixedsize=true, label=\"\"];\n");
        foreach (var n in graph.Nodes)
        {
            text.Append(CultureInfo.InvariantCulture, $"  \"{n.Id}\" [width={n.Width / Dpi:0.####}, height={n.Height / Dpi:0.####}];\n");
        }
        foreach (var e in graph.Edges) text.Append(CultureInfo.InvariantCulture, $"  \"{e.From}\" -> \"{e.To}\";\n");
        // dot ranks every source at the top; a leaf (a parameter) goes just above its first reader instead, held there by an
        // invisible edge from that reader's first op input.
        var ops = graph.Nodes.Where(n => n.IsOp).Select(n => n.Id).ToHashSet();
        foreach (var leaf in graph.Nodes.Where(n => !n.IsOp))
        {
            var reader = graph.Edges.FirstOrDefault(e => e.From == leaf.Id)?.To;
            var before = graph.Edges.FirstOrDefault(e => e.To == reader && ops.Contains(e.From))?.From;
            if (before is not null) text.Append(CultureInfo.InvariantCulture, $"  \"{before}\" -> \"{leaf.Id}\" [style=invis];\n");
        }
        return text.Append("}\n").ToString();
    }

    // "graph scale w h", "node name x y w h label ...", "edge tail head n x1 y1 ... xn yn ...": y grows upwards in dot.
    private static GraphLayout Parse(GraphDrawing graph, string plain)
    {
        var layout = new GraphLayout { Engine = "dot", Splines = true };
        var edges = new Dictionary<(string, string), Queue<IReadOnlyList<(double, double)>>>();
        double height = 0;
        double N(string s) => double.Parse(s, CultureInfo.InvariantCulture);
        foreach (var line in plain.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var t = Tokens(line);
            switch (t[0])
            {
                case "graph":
                    (layout.Width, height) = (N(t[2]) * Dpi, N(t[3]) * Dpi);
                    layout.Height = height;
                    break;
                case "node":
                    layout.Centres[t[1]] = (N(t[2]) * Dpi, height - N(t[3]) * Dpi);
                    break;
                case "edge":
                    int count = int.Parse(t[3], CultureInfo.InvariantCulture);
                    var points = Enumerable.Range(0, count).Select(i => (N(t[4 + 2 * i]) * Dpi, height - N(t[5 + 2 * i]) * Dpi)).ToList();
                    if (!edges.TryGetValue((t[1], t[2]), out var queue)) edges[(t[1], t[2])] = queue = new();   // invisible ones: never taken
                    queue.Enqueue(points);
                    break;
            }
        }
        foreach (var e in graph.Edges) layout.EdgePoints.Add(edges[(e.From, e.To)].Dequeue());
        return layout;
    }

    // Space-separated tokens; a quoted token may hold spaces.
    private static List<string> Tokens(string line)
    {
        var tokens = new List<string>();
        for (int i = 0; i < line.Length;)
        {
            if (line[i] == ' ') { i++; continue; }
            if (line[i] == '"')
            {
                int end = line.IndexOf('"', i + 1);
                end = end < 0 ? line.Length : end;
                tokens.Add(line[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            int next = line.IndexOf(' ', i);
            next = next < 0 ? line.Length : next;
            tokens.Add(line[i..next]);
            i = next;
        }
        return tokens;
    }
}
