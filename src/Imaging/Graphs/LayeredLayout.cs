// The engine's own layout of a GraphDrawing, for machines without Graphviz: longest-path layering top to bottom (a box
// one layer below the lowest box it reads; a leaf one layer above its first reader), long edges split by dummy points,
// barycenter ordering sweeps to reduce crossings, then x placed near the neighbours' mean without overlaps.
namespace Engine.Imaging;

public static class LayeredLayout
{
    private const double LayerGap = 46, NodeGap = 24, Margin = 20;

    public static GraphLayout Compute(GraphDrawing graph)
    {
        if (graph.Nodes.Count == 0)
        {
            return new GraphLayout { Engine = "layered", Width = 2 * Margin, Height = 2 * Margin };   // nothing to place
        }
        var nodes = graph.Nodes.ToDictionary(n => n.Id);
        var inputs = graph.Nodes.ToDictionary(n => n.Id, _ => new List<string>());
        foreach (var e in graph.Edges) inputs[e.To].Add(e.From);
        var layer = new Dictionary<string, int>();
        foreach (var n in graph.Nodes.Where(n => n.IsOp))          // ops come in execution order: inputs first
        {
            layer[n.Id] = 1 + inputs[n.Id].Where(i => nodes[i].IsOp).Select(i => layer.GetValueOrDefault(i, 0)).DefaultIfEmpty(0).Max();
        }
        foreach (var n in graph.Nodes.Where(n => !n.IsOp))
        {
            var readers = graph.Edges.Where(e => e.From == n.Id).Select(e => layer.GetValueOrDefault(e.To, 1)).DefaultIfEmpty(1);
            layer[n.Id] = readers.Min() - 1;
        }
        // Layers of ids, dummies ("~k") where an edge skips layers; each edge's chain of ids.
        int depth = layer.Values.DefaultIfEmpty(0).Max() + 1;
        var rows = Enumerable.Range(0, depth).Select(_ => new List<string>()).ToArray();
        foreach (var n in graph.Nodes) rows[layer[n.Id]].Add(n.Id);
        var chains = new List<List<string>>();
        var up = new Dictionary<string, List<string>>();
        var down = new Dictionary<string, List<string>>();
        foreach (var id in layer.Keys) (up[id], down[id]) = ([], []);
        int dummies = 0;
        foreach (var e in graph.Edges)
        {
            var chain = new List<string> { e.From };
            for (int l = layer[e.From] + 1; l < layer[e.To]; l++)
            {
                string d = $"~{dummies++}";
                rows[l].Add(d);
                (up[d], down[d]) = ([], []);
                chain.Add(d);
            }
            chain.Add(e.To);
            for (int i = 1; i < chain.Count; i++)
            {
                down[chain[i - 1]].Add(chain[i]);
                up[chain[i]].Add(chain[i - 1]);
            }
            chains.Add(chain);
        }
        Order(rows, up, down);
        double Width(string id) => nodes.TryGetValue(id, out var n) ? n.Width : 4;
        double Height(string id) => nodes.TryGetValue(id, out var n) ? n.Height : 0;
        var x = Place(rows, up, down, Width, id => !nodes.TryGetValue(id, out var n) || n.IsOp);
        var layout = new GraphLayout { Engine = "layered" };
        double y = Margin;
        foreach (var row in rows)
        {
            double h = row.Select(Height).DefaultIfEmpty(0).Max();
            foreach (var id in row) layout.Centres[id] = (x[id], y + h / 2);
            y += h + LayerGap;
        }
        double minX = x.Values.Min(), shift = Margin - minX + rows.SelectMany(r => r).Select(id => Width(id) / 2).Max();
        foreach (var id in layout.Centres.Keys.ToList()) layout.Centres[id] = (layout.Centres[id].X + shift, layout.Centres[id].Y);
        layout.Width = layout.Centres.Max(c => c.Value.X + Width(c.Key) / 2) + Margin;
        layout.Height = y - LayerGap + Margin;
        foreach (var chain in chains)
        {
            var points = new List<(double X, double Y)>();
            for (int i = 0; i < chain.Count; i++)
            {
                var (cx, cy) = layout.Centres[chain[i]];
                double half = Height(chain[i]) / 2;
                if (i > 0) points.Add((cx, cy - half));             // enter at the top
                if (i < chain.Count - 1) points.Add((cx, cy + half)); // leave at the bottom
            }
            layout.EdgePoints.Add(points);
        }
        foreach (var id in layout.Centres.Keys.Where(k => k.StartsWith('~')).ToList()) layout.Centres.Remove(id);
        return layout;
    }

    // Barycenter sweeps: each layer sorted by the mean position of its neighbours in the layer above (down) or below (up).
    private static void Order(List<string>[] rows, Dictionary<string, List<string>> up, Dictionary<string, List<string>> down)
    {
        for (int sweep = 0; sweep < 8; sweep++)
        {
            bool downward = sweep % 2 == 0;
            for (int k = 0; k < rows.Length; k++)
            {
                int l = downward ? k : rows.Length - 1 - k;
                var neighbours = downward ? up : down;
                var other = downward ? (l > 0 ? rows[l - 1] : null) : (l < rows.Length - 1 ? rows[l + 1] : null);
                if (other is null) continue;
                var position = other.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => (double)p.i);
                var current = rows[l].Select((id, i) => (id, i)).ToDictionary(p => p.id, p => (double)p.i);
                double Key(string id) => neighbours[id].Count == 0 ? current[id] : neighbours[id].Average(n => position[n]);
                rows[l] = rows[l].Select((id, i) => (id, i)).OrderBy(p => Key(p.id)).ThenBy(p => p.i).Select(p => p.id).ToList();
            }
        }
    }

    // x: packed left to right, then moved toward the mean x of the neighbours, layer by layer, keeping order and gaps. The
    // spine (ops and edge points) follows the spine alone and sets each layer's shift, so the leaves beside an op do not
    // pull the chain of ops sideways layer after layer; a leaf follows its readers.
    private static Dictionary<string, double> Place(List<string>[] rows, Dictionary<string, List<string>> up,
        Dictionary<string, List<string>> down, Func<string, double> width, Func<string, bool> spine)
    {
        var x = new Dictionary<string, double>();
        foreach (var row in rows)
        {
            double left = 0;
            foreach (var id in row)
            {
                x[id] = left + width(id) / 2;
                left += width(id) + NodeGap;
            }
        }
        for (int iteration = 0; iteration < 12; iteration++)
        {
            foreach (var row in iteration % 2 == 0 ? rows : rows.Reverse())
            {
                var wanted = row.Select(id =>
                {
                    var near = up[id].Concat(down[id]).ToList();
                    if (spine(id) && near.Any(spine)) near = near.Where(spine).ToList();
                    return near.Count == 0 ? x[id] : near.Average(n => x[n]);
                }).ToArray();
                var placed = new double[row.Count];
                for (int i = 0; i < row.Count; i++)
                {
                    placed[i] = i == 0 ? wanted[i] : Math.Max(wanted[i], placed[i - 1] + (width(row[i - 1]) + width(row[i])) / 2 + NodeGap);
                }
                var steering = Enumerable.Range(0, row.Count).Where(i => spine(row[i])).DefaultIfEmpty(-1).ToList();
                if (steering[0] < 0) steering = Enumerable.Range(0, row.Count).ToList();
                double shift = row.Count == 0 ? 0 : steering.Average(i => wanted[i] - placed[i]);
                for (int i = 0; i < row.Count; i++) x[row[i]] = placed[i] + shift;
            }
        }
        return x;
    }
}
