// Records one training step as it runs: every autograd node at its creation (Tensor.Track calls OnNode), every node's
// backward (Graph.Backward calls BeginNodeBackward/EndNodeBackward) and every primitive (its RecordingBackend calls
// OnPrimitive), so each node gets its forward and backward time, its primitives and the allocator's bytes after it.
// A phase is a forward tape up to its backward and the optimizer updates after it; the next node opens the next phase.
// Times: a node's forward runs from the previous tape event to its creation; its backward covers its local backward and
// the summing of its inputs' gradients; ops that make no node (no input needs a gradient) and filled or drawn tensors
// (Tensor.Track, Full, RandN, RandU call OnUntracked) are work outside the tape. The recorder's own bookkeeping is kept
// out of every time.
namespace Engine.Autograd;

using System.Diagnostics;
using System.Reflection;
using Engine.Kernels.Recording;

/// <summary>Records the nodes, times, primitives and memory of training steps run on its <see cref="Backend"/>.</summary>
public sealed class TapeRecorder : IPrimitiveObserver
{
    [ThreadStatic]
    private static TapeRecorder? t_active;

    private readonly IBackend _inner;
    private readonly Dictionary<Tensor, int> _made = new(ReferenceEqualityComparer.Instance);   // node outputs of this phase
    private readonly Dictionary<Node, NodeRecord> _nodes = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, int> _leaves = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<DeviceBuffer> _held = new(ReferenceEqualityComparer.Instance);    // buffers the phase's tape holds
    private readonly List<PrimitiveCall> _pending = [];
    private IReadOnlyDictionary<Tensor, string> _names = new Dictionary<Tensor, string>();
    private Func<string?>? _phaseName;
    private StepRecord? _step;
    private PhaseRecord? _phase;
    private NodeRecord? _backwardNode;
    private bool _inBackward;
    private int _backwardIndex;
    private long _mark, _backwardStart, _nodeStart, _overhead;
    private double _backwardBefore;                                     // node backward time of the phase's earlier passes

    /// <summary>A recorder for work on <paramref name="inner"/>: put the model and data on <see cref="Backend"/>.</summary>
    public TapeRecorder(IBackend inner)
    {
        _inner = inner;
        Backend = new RecordingBackend(inner, this);
    }

    /// <summary>The backend to run recorded steps on: <see cref="Inner"/>'s primitives, each reported here.</summary>
    public IBackend Backend { get; }

    public IBackend Inner => _inner;

    internal static TapeRecorder? Active => t_active;

    /// <summary>
    /// Records what <paramref name="step"/> does. <paramref name="names"/> names the parameters (a module's state-dict
    /// names); <paramref name="phaseName"/> is asked as each phase ends (the optimizers that stepped in it).
    /// </summary>
    public StepRecord Record(Action step, IReadOnlyDictionary<Tensor, string>? names = null, Func<string?>? phaseName = null)
    {
        if (t_active is not null) throw new InvalidOperationException("A step is already being recorded on this thread.");
        _names = names ?? new Dictionary<Tensor, string>();
        _phaseName = phaseName;
        _step = new StepRecord { AllocatedAtStart = _inner.AllocatedBytes };
        _overhead = 0;
        t_active = this;
        long start = Stopwatch.GetTimestamp();
        _mark = start;
        try
        {
            step();
        }
        finally
        {
            t_active = null;
        }
        long end = Stopwatch.GetTimestamp();
        var phase = _phase ?? OpenPhase();
        AddPending(phase.OutsidePrimitives);
        phase.OutsideMs += Ms(_mark, end);
        ClosePhase();
        var record = _step;
        record.RecorderMs = Ms(0, _overhead);
        record.WallMs = Ms(start, end) - record.RecorderMs;
        record.Phases.RemoveAll(p => p.Nodes.Count == 0 && p.OptimizerPrimitives.Count == 0);
        (_step, _phase) = (null, null);
        return record;
    }

    void IPrimitiveObserver.OnPrimitive(string primitive, string detail, double milliseconds)
    {
        if (t_active != this || _step is null) return;
        var call = new PrimitiveCall(primitive, detail, milliseconds);
        if (_backwardNode is not null)
        {
            _backwardNode.BackwardPrimitives.Add(call);
            return;
        }
        if (_inBackward)
        {
            _phase!.BackwardOtherPrimitives.Add(call);
            return;
        }
        long now = Stopwatch.GetTimestamp();
        if (call.Family == PrimitiveFamily.Optimizer)
        {
            var phase = _phase ?? OpenPhase();
            AddPending(phase.OptimizerPrimitives);
            phase.OptimizerPrimitives.Add(call);
            phase.OptimizerMs += Ms(_mark, now);
            _mark = now;
            return;
        }
        // Work without gradients after a backward whose optimizers have not stepped yet (the notebook toy's validation
        // between its backward and its step) is that phase's; with gradients, or once its optimizers stepped, a new phase.
        bool stillThisPhase = _phase is { BackwardDone: true, OptimizerPrimitives.Count: 0 } && !NoGrad.IsGradEnabled;
        if (_phase is null || (_phase.BackwardDone && !stillThisPhase)) OpenPhase();
        if (!NoGrad.IsGradEnabled)
        {
            AddPending(_phase!.OutsidePrimitives);
            _phase.OutsidePrimitives.Add(call);
            _phase.OutsideMs += Ms(_mark, now);
            _mark = now;
            return;
        }
        _pending.Add(call);                                              // the next node's forward
    }

    /// <summary>A node was just created for <paramref name="output"/> (Tensor.Track).</summary>
    internal void OnNode(Node node, Tensor output)
    {
        long now = Stopwatch.GetTimestamp();
        if (_phase is null || _phase.BackwardDone) OpenPhase();
        var phase = _phase!;
        var inputs = node.Inputs;
        long allocated = _inner.AllocatedBytes;
        var sources = inputs.Select(t => Source(t, phase)).ToArray();
        var (saved, held) = Saved(node, output);
        var record = new NodeRecord
        {
            Id = phase.Nodes.Count, Op = node.Name, Inputs = sources, InputShapes = inputs.Select(t => t.Shape).ToArray(),
            OutputShape = output.Shape, Saved = saved, NewBytes = held.Where(_held.Add).Sum(b => (long)b.Length * b.ElementSize),
            ForwardMs = Ms(_mark, now), AllocatedAfterForward = allocated,
        };
        record.ForwardPrimitives.AddRange(_pending);
        _pending.Clear();
        phase.Nodes.Add(record);
        _nodes[node] = record;
        _made[output] = record.Id;
        _mark = Stopwatch.GetTimestamp();
        _overhead += _mark - now;
    }

    /// <summary>
    /// An op ran without making a node (no input needs a gradient), or a tensor was filled or drawn: the primitives since
    /// the last event are work outside the tape, not the next node's forward.
    /// </summary>
    internal void OnUntracked()
    {
        if (_inBackward || _pending.Count == 0) return;
        long now = Stopwatch.GetTimestamp();
        var phase = _phase!;                                         // the pending primitives opened it
        AddPending(phase.OutsidePrimitives);
        phase.OutsideMs += Ms(_mark, now);
        _mark = now;
    }

    internal void BeginBackward(Tensor loss)
    {
        long now = Stopwatch.GetTimestamp();
        var phase = _phase ?? OpenPhase();
        AddPending(phase.OutsidePrimitives);
        phase.OutsideMs += Ms(_mark, now);
        if (loss.Creator is { } creator && _nodes.TryGetValue(creator, out var record)) record.IsLoss = true;
        _inBackward = true;
        _backwardIndex = phase.Nodes.Count(n => n.BackwardIndex >= 0);
        _backwardStart = Stopwatch.GetTimestamp();
        _overhead += _backwardStart - now;
    }

    internal void BeginNodeBackward(Node node)
    {
        _backwardNode = _nodes.GetValueOrDefault(node);
        _nodeStart = Stopwatch.GetTimestamp();
    }

    internal void EndNodeBackward()
    {
        long now = Stopwatch.GetTimestamp();
        if (_backwardNode is { } record)
        {
            record.BackwardMs += Ms(_nodeStart, now);
            record.BackwardIndex = _backwardIndex++;
            record.AllocatedAfterBackward = _inner.AllocatedBytes;
        }
        _backwardNode = null;
    }

    internal void EndBackward()
    {
        long now = Stopwatch.GetTimestamp();
        var phase = _phase!;
        double nodes = phase.Nodes.Sum(n => n.BackwardMs) - _backwardBefore;
        phase.BackwardOtherMs += Ms(_backwardStart, now) - nodes;
        _backwardBefore = phase.Nodes.Sum(n => n.BackwardMs);
        phase.BackwardDone = true;
        _inBackward = false;
        _backwardNode = null;
        _mark = now;
    }

    private PhaseRecord OpenPhase()
    {
        ClosePhase();
        _phase = new PhaseRecord();
        _step!.Phases.Add(_phase);
        _made.Clear();
        _leaves.Clear();
        _held.Clear();
        _backwardBefore = 0;
        return _phase;
    }

    private void ClosePhase()
    {
        if (_phase is null) return;
        _phase.Name = _phaseName?.Invoke() is { Length: > 0 } name ? name : "";
        int nodes = _phase.Nodes.Count;                                 // leaves' ids follow the nodes'
        foreach (var leaf in _phase.Leaves) leaf.Id = nodes - 1 - leaf.Id;
        foreach (var node in _phase.Nodes)
        {
            for (int i = 0; i < node.Inputs.Length; i++)
            {
                if (node.Inputs[i] < 0) node.Inputs[i] = nodes - 1 - node.Inputs[i];
            }
        }
    }

    private void AddPending(List<PrimitiveCall> into)
    {
        into.AddRange(_pending);
        _pending.Clear();
    }

    // The id of the node that made `tensor` in this phase, else of its leaf (added on first use, after the nodes' ids).
    private int Source(Tensor tensor, PhaseRecord phase)
    {
        if (_made.TryGetValue(tensor, out int id)) return id;
        if (_leaves.TryGetValue(tensor, out id)) return id;
        id = -1 - phase.Leaves.Count;                               // made positive when the phase's nodes are known
        string kind = tensor.RequiresGrad ? (tensor.IsLeaf ? "parameter" : "earlier") : "input";
        string name = _names.TryGetValue(tensor, out var n) ? n : kind == "parameter" ? "parameter" : kind == "earlier" ? "from an earlier phase" : "input";
        phase.Leaves.Add(new LeafRecord { Id = id, Kind = kind, Name = name, Shape = tensor.Shape, Bytes = Bytes(tensor) });
        _held.Add(tensor.Buffer);
        _leaves[tensor] = id;
        return id;
    }

    /// <summary>The tensors <paramref name="node"/> holds in its fields (what its backward reads), one entry per buffer; and every
    /// buffer it holds, its output's included.</summary>
    private static (List<SavedTensor> Saved, HashSet<DeviceBuffer> Held) Saved(Node node, Tensor output)
    {
        var saved = new List<SavedTensor>();
        var buffers = new HashSet<DeviceBuffer>(ReferenceEqualityComparer.Instance);
        for (var type = node.GetType(); type is not null && type != typeof(Node); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
            {
                var tensors = field.GetValue(node) switch
                {
                    Tensor t => [t],
                    Tensor?[] array => array.OfType<Tensor>().ToArray(),
                    _ => [],
                };
                foreach (var t in tensors)
                {
                    if (t.IsDisposed || !buffers.Add(t.Buffer)) continue;
                    string name = ReferenceEquals(t, output) || ReferenceEquals(t.Buffer, output.Buffer) ? "output" : FieldName(field.Name);
                    saved.Add(new SavedTensor(name, t.Shape, Bytes(t)));
                }
            }
        }
        var held = new HashSet<DeviceBuffer>(buffers, ReferenceEqualityComparer.Instance) { output.Buffer };
        return (saved, held);
    }

    // A primary constructor's captured parameter is a field named "<x>P"; a plain field "_x".
    private static string FieldName(string field) => field.StartsWith('<') ? field[1..field.IndexOf('>')] : field.TrimStart('_');

    internal static long Bytes(Tensor tensor) => (long)tensor.Buffer.Length * tensor.Buffer.ElementSize;

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
}
