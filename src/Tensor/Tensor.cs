// A float32 (or, for gradchecks, float64) contiguous row-major tensor on one backend, with its
// autograd state: RequiresGrad, the accumulated Grad, and the Node that produced it.
namespace Engine;

using Engine.Memory;

/// <summary>A float32 (float64 for gradchecks) contiguous, row-major tensor on one backend, with its autograd state: <see cref="RequiresGrad"/>, the accumulated <see cref="Grad"/> and the <see cref="Creator"/> node.</summary>
public sealed partial class Tensor : IDisposable
{
    private Storage? _storage;

    internal Tensor(Storage storage, Shape shape, Node? creator = null)
    {
        if (storage.Buffer.Length < shape.Count)
        {
            throw new ArgumentException($"A buffer of {storage.Buffer.Length} elements cannot hold shape {shape}.");
        }
        _storage = storage;
        Shape = shape;
        Creator = creator;
        RequiresGrad = creator is not null;
        TensorScope.Current?.Register(this);
    }

    /// <summary>The dimensions, row-major.</summary>
    public Shape Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Count => Shape.Count;

    /// <summary>Number of dimensions.</summary>
    public int Rank => Shape.Rank;

    /// <summary>The backend that holds the values and runs this tensor's ops.</summary>
    public IBackend Backend => Storage.Backend;

    /// <summary>The machine the values live on.</summary>
    public Device Device => Backend.Device;

    /// <summary>The device buffer (shared with views of this tensor).</summary>
    public DeviceBuffer Buffer => Storage.Buffer;

    /// <summary>Whether gradients flow to this tensor; set it on leaves you want gradients for.</summary>
    public bool RequiresGrad { get; set; }

    /// <summary>Accumulated gradient (+=) of the last Backward calls; reset with ZeroGrad.</summary>
    public Tensor? Grad { get; internal set; }

    /// <summary>The operation that produced this tensor, or null for a leaf.</summary>
    public Node? Creator { get; private set; }

    /// <summary>True for tensors no recorded op produced (inputs, parameters): Backward accumulates into their Grad.</summary>
    public bool IsLeaf => Creator is null;

    /// <summary>True once the values were released (by Dispose or by the TensorScope that owned the tensor).</summary>
    public bool IsDisposed => _storage is null;

    internal Storage Storage => _storage ?? throw new ObjectDisposedException(nameof(Tensor),
        "This tensor was disposed (its TensorScope ended). Keep it with TensorScope.Keep(t) or create it outside the scope.");

    /// <summary>Makes <paramref name="node"/> this output's creator when its inputs need gradients; returns this.</summary>
    internal Tensor Track(Func<Node> node, params Tensor[] inputs)
    {
        if (Tracking.ShouldTrack(inputs))
        {
            Creator = node();
            RequiresGrad = true;
            TapeRecorder.Active?.OnNode(Creator, this);                      // engine graph: the step recorder
        }
        else
        {
            TapeRecorder.Active?.OnUntracked();                               // its work is outside the tape
        }
        if (Anomaly.IsEnabled) Anomaly.CheckForward((Creator ?? node()).Name, this, inputs);
        return this;
    }

    /// <summary>Runs reverse-mode differentiation from this scalar, accumulating into every leaf's Grad.</summary>
    public void Backward() => Graph.Backward(this);

    /// <summary>The same values, cut from the graph (shares storage).</summary>
    public Tensor Detach() => new(Storage.AddReference(), Shape);

    /// <summary>Drops the gradient (sets it to null; the next Backward writes a fresh one).</summary>
    public void ZeroGrad()
    {
        Grad?.Dispose();
        Grad = null;
    }

    /// <summary>Copies the values to a new host array.</summary>
    public float[] ToArray()
    {
        var values = new float[Count];
        Backend.Synchronize();
        if (Buffer.Length == Count)
        {
            Buffer.CopyTo(values);
        }
        else
        {
            var all = new float[Buffer.Length];
            Buffer.CopyTo(all);
            Array.Copy(all, values, Count);
        }
        return values;
    }

    /// <summary>Copies the values to a new host array in float64 (exact for float64 backends).</summary>
    public double[] ToDoubleArray()
    {
        var values = new double[Buffer.Length];
        Backend.Synchronize();
        Buffer.CopyTo(values);
        return values.Length == Count ? values : values[..Count];
    }

    /// <summary>The value of a one-element tensor.</summary>
    public float ToScalar()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"ToScalar() needs a one-element tensor, not shape {Shape}.");
        }
        return ToArray()[0];
    }

    /// <summary>Overwrites the values from the host (no autograd).</summary>
    public void CopyFrom(ReadOnlySpan<float> values)
    {
        if (values.Length != Count)
        {
            throw new ArgumentException($"Got {values.Length} values for a tensor of shape {Shape}.");
        }
        Buffer.CopyFrom(values);
    }

    /// <summary>Overwrites the values with another tensor's (same shape and backend; no autograd).</summary>
    public void CopyFrom(Tensor source)
    {
        CheckSameShape(source, "CopyFrom");
        Backend.CopyBlocks(source.Buffer, 1, Count, Count, 0, Count, 0, Buffer);
    }

    /// <summary>Releases this tensor's reference to its values (views share them).</summary>
    public void Dispose()
    {
        var storage = Interlocked.Exchange(ref _storage, null);
        storage?.Release();
        Creator = null;
    }

    public override string ToString()
    {
        if (IsDisposed) return $"Tensor{Shape} (disposed)";
        var values = ToArray();
        string preview = string.Join(", ", values.Take(8).Select(v => v.ToString("G5")));
        return $"Tensor{Shape} on {Device} [{preview}{(values.Length > 8 ? ", ..." : "")}]";
    }

    internal void CheckSameShape(Tensor other, string op)
    {
        if (other.Shape != Shape)
        {
            throw new ArgumentException($"{op}: shapes {Shape} and {other.Shape} differ.");
        }
        CheckSameBackend(other, op);
    }

    internal void CheckSameBackend(Tensor other, string op)
    {
        if (!ReferenceEquals(other.Backend, Backend))
        {
            throw new ArgumentException(
                $"{op}: tensors are on different backends ({Backend.Name} and {other.Backend.Name}); move one with tensor.To(backend) (a model: module.To(backend)).");
        }
    }
}
