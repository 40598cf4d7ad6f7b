// A recorded phase of a training step as a GraphDrawing: one box per tape node in execution order (#n: its op, input and
// output shapes, what it saves for backward and the bytes, its forward and backward times, the primitives it called),
// one per leaf (parameters by their state-dict names, the data), the data edges, and the backward order as a red badge.
// B = batch; shapes are written 64x1x28x28.
namespace Engine.Models.Inside;

using System.Globalization;
using Engine.Autograd;
using Engine.Imaging;

public static class TapeGraph
{
    /// <summary>The drawing of phase <paramref name="phase"/> of <paramref name="recording"/>.</summary>
    public static GraphDrawing Of(StepRecording recording, PhaseRecord phase, string layoutName)
    {
        var step = recording.Step;
        int runs = step.Phases.Count(p => p.Name == phase.Name);
        string phaseText = step.Phases.Count == 1 ? "" : $", phase '{phase.Name}' ({step.Phases.IndexOf(phase) + 1} of {step.Phases.Count})" +
            (runs > 1 ? $", the first of its {runs} runs" : "");
        var graph = new GraphDrawing { Title = $"{recording.Title}: the autograd tape of one training step{phaseText}" };
        graph.Notes.Add($"Batch {recording.Batch} on {recording.Device}; {phase.Nodes.Count} nodes, {phase.Leaves.Count} leaves. This phase: forward " +
            $"{Ms(phase.ForwardMs)}, backward {Ms(phase.BackwardMs)}, optimizer {Ms(phase.OptimizerMs)}, outside the tape {Ms(phase.OutsideMs)}; " +
            $"the whole step {Ms(step.WallMs)} recorded, {Ms(recording.UnrecordedMs)} unrecorded.");
        graph.Notes.Add("Boxes in execution order (#n); the red badge is the backward order (0: the loss, first). Blue: ops, red border: the loss, " +
            $"green: parameters, grey: data and constants. Layout: {layoutName}.");
        foreach (var n in phase.Nodes) graph.Nodes.Add(Box(n));
        foreach (var leaf in phase.Leaves)
        {
            var kind = leaf.Kind == "parameter" ? GraphNodeKind.Parameter : GraphNodeKind.Input;
            graph.Nodes.Add(new GraphNode(Id(leaf.Id), [leaf.Name, $"{Dims(leaf.Shape)}  {Bytes(leaf.Bytes)}"], kind,
                [new("kind", leaf.Kind), new("name", leaf.Name), new("id", leaf.Id.ToString(CultureInfo.InvariantCulture))]));
        }
        foreach (var n in phase.Nodes)
        {
            foreach (int input in n.Inputs.Distinct()) graph.Edges.Add(new GraphEdge(Id(input), Id(n.Id)));
        }
        return graph;
    }

    private static GraphNode Box(NodeRecord n)
    {
        var lines = new List<string>
        {
            $"#{n.Id} {n.Op}{(n.IsLoss ? "  (loss)" : "")}",
            $"{string.Join(" ", n.InputShapes.Select(Dims))} -> {Dims(n.OutputShape)}",
            n.Saved.Count == 0 ? "saves nothing" : $"saves {string.Join(", ", n.Saved.Select(s => s.Name))}: {Bytes(n.SavedBytes)}",
            $"fwd {Ms(n.ForwardMs)}   bwd {(n.BackwardIndex < 0 ? "-" : Ms(n.BackwardMs))}",
        };
        if (n.ForwardPrimitives.Count > 0) lines.Add("fwd: " + Primitives(n.ForwardPrimitives));
        if (n.BackwardPrimitives.Count > 0) lines.Add("bwd: " + Primitives(n.BackwardPrimitives));
        string I(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        return new GraphNode(Id(n.Id), lines, n.IsLoss ? GraphNodeKind.Loss : GraphNodeKind.Op,
        [
            new("op", n.Op), new("id", n.Id.ToString(CultureInfo.InvariantCulture)), new("forward-ms", I(n.ForwardMs)),
            new("backward-ms", I(n.BackwardMs)), new("backward-order", n.BackwardIndex.ToString(CultureInfo.InvariantCulture)),
            new("saved-bytes", n.SavedBytes.ToString(CultureInfo.InvariantCulture)),
        ], n.BackwardIndex >= 0 ? n.BackwardIndex : null);
    }

    /// <summary>"Conv2dForward, Binary(Add) x2": each primitive once, in first-call order, with its count.</summary>
    public static string Primitives(IEnumerable<PrimitiveCall> calls) =>
        string.Join(", ", calls.GroupBy(c => c.Label).Select(g => g.Count() == 1 ? g.Key : $"{g.Key} x{g.Count()}"));

    public static string Id(int id) => "n" + id.ToString(CultureInfo.InvariantCulture);

    public static string Dims(Shape shape) => shape.Rank == 0 ? "scalar" : string.Join("x", shape.ToArray());

    public static string Ms(double ms) => ms.ToString(ms < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " kB",
        _ => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
    };
}
