// The dimensions of a tensor: row-major, contiguous; printing as (B, D).
namespace Engine;

/// <summary>The dimensions of a tensor (row-major, contiguous); immutable, printed as (B, D).</summary>
public sealed class Shape : IEquatable<Shape>
{
    private readonly int[] _dims;

    /// <summary>A shape from its dimensions, outermost first: <c>new Shape(64, 1, 28, 28)</c>.</summary>
    public Shape(params int[] dims)
    {
        foreach (int d in dims)
        {
            if (d < 0)
            {
                throw new ArgumentException($"Shape {Format(dims)} has a negative dimension.");
            }
        }
        _dims = (int[])dims.Clone();
        long count = 1;
        foreach (int d in dims)
        {
            count *= d;
        }
        if (count > int.MaxValue)
        {
            throw new ArgumentException($"Shape {Format(dims)} has {count} elements; at most {int.MaxValue} are supported.");
        }
        Count = (int)count;
    }

    /// <summary>Number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>The size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public int this[int dim] => _dims[Axis(dim)];

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Dims => _dims;

    /// <summary>A copy of the dimensions.</summary>
    public int[] ToArray() => (int[])_dims.Clone();

    /// <summary>Resolves a possibly negative axis (-1 = last) and checks it.</summary>
    public int Axis(int dim)
    {
        int axis = dim < 0 ? dim + Rank : dim;
        if (axis < 0 || axis >= Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"Axis {dim} is out of range for shape {this}.");
        }
        return axis;
    }

    /// <summary>Product of the dimensions in [start, end).</summary>
    public int Product(int start, int end)
    {
        int p = 1;
        for (int i = start; i < end; i++)
        {
            p *= _dims[i];
        }
        return p;
    }

    /// <summary>The same shape with axis <paramref name="dim"/> replaced by <paramref name="size"/>.</summary>
    public Shape With(int dim, int size)
    {
        var dims = ToArray();
        dims[Axis(dim)] = size;
        return new Shape(dims);
    }

    /// <summary>Resolves one -1 in a reshape target against this shape's element count.</summary>
    public Shape Reshape(int[] dims)
    {
        int inferred = Array.IndexOf(dims, -1);
        if (inferred >= 0)
        {
            int known = 1;
            for (int i = 0; i < dims.Length; i++)
            {
                if (i != inferred) known *= dims[i];
            }
            if (known == 0 || Count % known != 0)
            {
                throw new ArgumentException($"Cannot reshape {this} to {Format(dims)}.");
            }
            dims = (int[])dims.Clone();
            dims[inferred] = Count / known;
        }
        var shape = new Shape(dims);
        if (shape.Count != Count)
        {
            throw new ArgumentException($"Cannot reshape {this} ({Count} elements) to {shape} ({shape.Count} elements).");
        }
        return shape;
    }

    public bool Equals(Shape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    public override bool Equals(object? obj) => Equals(obj as Shape);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in _dims) hash.Add(d);
        return hash.ToHashCode();
    }

    public static bool operator ==(Shape? a, Shape? b) => a is null ? b is null : a.Equals(b);

    public static bool operator !=(Shape? a, Shape? b) => !(a == b);

    public override string ToString() => Format(_dims);

    private static string Format(int[] dims) => "(" + string.Join(", ", dims) + ")";
}
