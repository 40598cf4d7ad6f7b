// A directed graph to draw (the autograd tape of one step: op nodes, the leaves they read, data edges): boxes of text
// lines, their kind, data attributes for scripts and tests, and an optional badge (the backward order). Laid out by
// Graphviz dot when installed (DotLayout) or by the engine's own layered layout (LayeredLayout); drawn by GraphSvg.
namespace Engine.Imaging;

/// <summary>What a box of a <see cref="GraphDrawing"/> stands for; it sets the box's class and colours.</summary>
public enum GraphNodeKind
{
    Op,
    Loss,
    Parameter,
    Input,
}

/// <summary>
/// One box: <paramref name="Id"/> (letters, digits, '-' and '_'), its text lines (the first bold), its kind,
/// attributes written as data-* on its SVG group, and a badge number drawn at its corner (null: none).
/// </summary>
public sealed record GraphNode(string Id, IReadOnlyList<string> Lines, GraphNodeKind Kind,
    IReadOnlyList<KeyValuePair<string, string>> Data, int? Badge = null)
{
    public const double LineHeight = 14;
    public const double CharWidth = 6.7;                       // 11 px DejaVu Sans Mono: 0.602 em
    public const double Padding = 6;

    public double Width => Math.Max(60, Lines.Max(l => l.Length) * CharWidth + 2 * Padding);

    public double Height => Lines.Count * LineHeight + 2 * Padding - 2;

    public bool IsOp => Kind is GraphNodeKind.Op or GraphNodeKind.Loss;
}

/// <summary>An edge from the box that made a value to a box that reads it.</summary>
public sealed record GraphEdge(string From, string To);

/// <summary>A graph to lay out and draw: boxes, edges, a title and note lines under it.</summary>
public sealed class GraphDrawing
{
    public string Title { get; set; } = "";

    public List<string> Notes { get; } = [];

    public List<GraphNode> Nodes { get; } = [];

    public List<GraphEdge> Edges { get; } = [];
}

/// <summary>Where a layout put each box (its centre) and the points each edge passes through, in pixels.</summary>
public sealed class GraphLayout
{
    public required string Engine { get; init; }

    public Dictionary<string, (double X, double Y)> Centres { get; } = [];

    /// <summary>Per edge (in <see cref="GraphDrawing.Edges"/> order): points of a polyline, or with <see cref="Splines"/> the
    /// control points of a cubic B-spline as dot gives them (start, then three per segment).</summary>
    public List<IReadOnlyList<(double X, double Y)>> EdgePoints { get; } = [];

    public bool Splines { get; init; }

    public double Width { get; set; }

    public double Height { get; set; }
}
