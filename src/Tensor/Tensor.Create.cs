// Creating tensors: zeros, ones, from host arrays, seeded random; moving them between backends.
namespace Engine;

using Engine.Memory;

public sealed partial class Tensor
{
    /// <summary>The backend new tensors go to when none is named (the fast CPU backend by default).</summary>
    public static IBackend DefaultBackend { get; set; } = Backends.Cpu;

    /// <summary>An uninitialised tensor (every op writes all of its output).</summary>
    public static Tensor Empty(Shape shape, IBackend? backend = null)
    {
        backend ??= DefaultBackend;
        return new Tensor(new Storage(backend.Allocate(shape.Count), backend), shape);
    }

    /// <summary>A tensor with every element set to <paramref name="value"/>.</summary>
    public static Tensor Full(Shape shape, float value, IBackend? backend = null)
    {
        var t = Empty(shape, backend);
        t.Backend.Fill(value, t.Count, t.Buffer);
        TapeRecorder.Active?.OnUntracked();                                   // engine graph: made outside the tape
        return t;
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape, IBackend? backend = null) => Full(shape, 0f, backend);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape, IBackend? backend = null) => Full(shape, 1f, backend);

    /// <summary>A tensor of zeros on the default backend: <c>Tensor.Zeros(64, 2)</c>.</summary>
    public static Tensor Zeros(params int[] dims) => Zeros(new Shape(dims));

    /// <summary>Copies host values (row-major, length = shape's element count) into a new tensor.</summary>
    public static Tensor FromArray(float[] values, Shape shape, IBackend? backend = null)
    {
        var t = Empty(Check(values.Length, shape), backend);
        t.Buffer.CopyFrom(values);
        return t;
    }

    /// <summary>Copies host values into a new tensor on the default backend: <c>Tensor.FromArray(values, 4, 2)</c>.</summary>
    public static Tensor FromArray(float[] values, params int[] dims) => FromArray(values, new Shape(dims));

    /// <summary>Float64 values, for a float64 backend (Backends.Reference64) in gradchecks.</summary>
    public static Tensor FromArray(double[] values, Shape shape, IBackend backend)
    {
        var t = Empty(Check(values.Length, shape), backend);
        t.Buffer.CopyFrom(values);
        return t;
    }

    /// <summary>Standard normal values from the generator's Philox stream.</summary>
    public static Tensor RandN(Shape shape, Generator? generator = null, IBackend? backend = null)
    {
        generator ??= Generator.Default;
        var t = Empty(shape, backend);
        t.Backend.RandomNormal(generator.Seed, generator.Advance(shape.Count), shape.Count, 0f, 1f, t.Buffer);
        TapeRecorder.Active?.OnUntracked();
        return t;
    }

    /// <summary>Uniform values in [low, high) from the generator's Philox stream.</summary>
    public static Tensor RandU(Shape shape, float low = 0f, float high = 1f, Generator? generator = null, IBackend? backend = null)
    {
        generator ??= Generator.Default;
        var t = Empty(shape, backend);
        t.Backend.RandomUniform(generator.Seed, generator.Advance(shape.Count), shape.Count, low, high, t.Buffer);
        TapeRecorder.Active?.OnUntracked();
        return t;
    }

    /// <summary>One-hot rows (B, K) from integer labels.</summary>
    public static Tensor OneHot(ReadOnlySpan<int> labels, int classes, IBackend? backend = null)
    {
        var values = new float[labels.Length * classes];
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {labels[i]} at {i} is outside 0..{classes - 1}.");
            }
            values[i * classes + labels[i]] = 1f;
        }
        return FromArray(values, new Shape(labels.Length, classes), backend);
    }

    /// <summary>A copy of this tensor on another backend (an explicit host/device transfer; no autograd).</summary>
    public Tensor To(IBackend backend)
    {
        if (ReferenceEquals(backend, Backend))
        {
            return Detach();
        }
        var copy = Empty(Shape, backend);
        if (Backend.Device.Kind == DeviceKind.Cpu && backend.Device.Kind == DeviceKind.Cpu)
        {
            copy.Buffer.CopyFrom(ToDoubleArray());
        }
        else
        {
            copy.Buffer.CopyFrom(ToArray());
        }
        return copy;
    }

    private static Shape Check(int length, Shape shape)
    {
        if (length != shape.Count)
        {
            throw new ArgumentException($"Got {length} values for shape {shape} ({shape.Count} elements).");
        }
        return shape;
    }
}
