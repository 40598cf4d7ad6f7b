// What TapeRecorder keeps of one recorded training step: its phases (each a forward tape, one or more backward passes and
// the optimizer updates), every node with its shapes, saved tensors, times and primitives, and the leaves (parameters,
// data) the nodes read. Plain data: the graph writer, the JSON and the report's "one step" section read it.
namespace Engine.Autograd;

using Engine.Kernels.Recording;

/// <summary>One primitive call: its IBackend method, a detail (the op of Unary/Binary, a conv's geometry) and its wall time.</summary>
public sealed record PrimitiveCall(string Name, string Detail, double Milliseconds)
{
    public PrimitiveFamily Family => PrimitiveFamilies.Of(Name);

    /// <summary>"Unary(Sigmoid)", "Conv2dForward": the name with its op, as the graph lists it.</summary>
    public string Label => Name is "Unary" or "UnaryBackward" or "Binary" ? $"{Name}({Detail})" : Name;
}

/// <summary>A tensor a node keeps for its backward (an input, its output or a statistic it made), by its field name.</summary>
public sealed record SavedTensor(string Name, Shape Shape, long Bytes);

/// <summary>A tensor no node of the phase made: a parameter (named when the recorder knows the model), the data, or a constant.</summary>
public sealed class LeafRecord
{
    /// <summary>Its id: after the phase's nodes' ids, in order of first use.</summary>
    public required int Id { get; set; }

    /// <summary>"parameter", "input" (a tensor without gradient: data, targets, detached codes) or "earlier" (made in an earlier phase).</summary>
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required Shape Shape { get; init; }

    public required long Bytes { get; init; }
}

/// <summary>One node of the tape: the op, where its inputs came from, its output, what it saves, its times and primitives.</summary>
public sealed class NodeRecord
{
    /// <summary>Its position in the phase's forward order (0-based); ids are shared with the leaves, which come after.</summary>
    public required int Id { get; init; }

    public required string Op { get; init; }

    /// <summary>For each input: the id of the node or leaf that made it.</summary>
    public required int[] Inputs { get; init; }

    public required Shape[] InputShapes { get; init; }

    public required Shape OutputShape { get; init; }

    public required IReadOnlyList<SavedTensor> Saved { get; init; }

    /// <summary>Bytes of distinct buffers it saves (inputs and output included: they stay alive as long as the tape).</summary>
    public long SavedBytes => Saved.Sum(s => s.Bytes);

    /// <summary>Bytes of the buffers it made and keeps (its output unless a view, statistics it saves): no earlier node or leaf
    /// of the phase holds them. The allocator's counter grows by exactly this much during its forward when it frees its temporaries.</summary>
    public long NewBytes { get; init; }

    /// <summary>Wall time from the previous tape event to this node's creation: its primitives and its bookkeeping.</summary>
    public double ForwardMs { get; set; }

    public List<PrimitiveCall> ForwardPrimitives { get; } = [];

    /// <summary>Its local backward and the summing of its inputs' gradients; 0 when no gradient reached it.</summary>
    public double BackwardMs { get; set; }

    public List<PrimitiveCall> BackwardPrimitives { get; } = [];

    /// <summary>Its place in the backward order (0 = first, the loss); -1 when its backward never ran.</summary>
    public int BackwardIndex { get; set; } = -1;

    /// <summary>The allocator's live bytes right after its forward, and right after its backward (0 when none ran).</summary>
    public long AllocatedAfterForward { get; set; }

    public long AllocatedAfterBackward { get; set; }

    /// <summary>True for the tensor Backward was called on.</summary>
    public bool IsLoss { get; set; }
}

/// <summary>One phase of a step: a forward tape, its backward pass(es) and the optimizer update(s) after them.</summary>
public sealed class PhaseRecord
{
    /// <summary>Named after the optimizers that stepped in it ("reconstruction", "discriminator"); "step" for the canonical step.</summary>
    public string Name { get; set; } = "";

    /// <summary>Which run of its name this phase is (1: the first; an optimizer stepped twice in a step gives a second run of its phase).</summary>
    public int Run { get; set; } = 1;

    public List<NodeRecord> Nodes { get; } = [];

    public List<LeafRecord> Leaves { get; } = [];

    /// <summary>Time inside Backward outside any node's backward: the topological sort, leaf gradients, the seed of ones.</summary>
    public double BackwardOtherMs { get; set; }

    public List<PrimitiveCall> BackwardOtherPrimitives { get; } = [];

    /// <summary>The optimizer updates (from the first update primitive after the backward to the last).</summary>
    public double OptimizerMs { get; set; }

    public List<PrimitiveCall> OptimizerPrimitives { get; } = [];

    /// <summary>Work outside the tape: no-grad passes, random draws that made no node, the loop around the phases.</summary>
    public double OutsideMs { get; set; }

    public List<PrimitiveCall> OutsidePrimitives { get; } = [];

    public double ForwardMs => Nodes.Sum(n => n.ForwardMs);

    public double BackwardMs => Nodes.Sum(n => n.BackwardMs) + BackwardOtherMs;

    public double TotalMs => ForwardMs + BackwardMs + OptimizerMs + OutsideMs;

    /// <summary>True once a backward pass ran in this phase (the next node opens a new phase).</summary>
    internal bool BackwardDone { get; set; }
}

/// <summary>One recorded training step: its phases, wall time and the allocator's bytes at its start and peak.</summary>
public sealed class StepRecord
{
    public List<PhaseRecord> Phases { get; } = [];

    /// <summary>The step's wall time under the recorder, less the recorder's own bookkeeping.</summary>
    public double WallMs { get; set; }

    /// <summary>The recorder's own bookkeeping (reading each node's saved tensors), left out of every time above.</summary>
    public double RecorderMs { get; set; }

    /// <summary>The allocator's live bytes when the step began (the weights, optimizer state, the batch).</summary>
    public long AllocatedAtStart { get; set; }

    /// <summary>Most bytes live after any node's forward or backward.</summary>
    public long PeakAllocated => Math.Max(AllocatedAtStart, Phases.SelectMany(p => p.Nodes)
        .Select(n => Math.Max(n.AllocatedAfterForward, n.AllocatedAfterBackward)).DefaultIfEmpty(0).Max());

    public int NodeCount => Phases.Sum(p => p.Nodes.Count);

    /// <summary>The sum of every node's forward and backward time.</summary>
    public double NodeMs => Phases.Sum(p => p.Nodes.Sum(n => n.ForwardMs + n.BackwardMs));
}
