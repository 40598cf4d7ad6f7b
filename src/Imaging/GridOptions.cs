// Options for ImageGrid: up-scaling, padding and its colour, inversion of float inputs, optional row, column and corner labels.
namespace Engine.Imaging;

/// <summary>Options for <see cref="ImageGrid"/>: up-scaling, padding and its colour, inversion, row and column labels.</summary>
public sealed record GridOptions
{
    /// <summary>Integer nearest-neighbour up-scaling applied to every cell (28x28 at 3 gives 84x84).</summary>
    public int Scale { get; init; } = 1;

    /// <summary>Pixels of separator between cells and around the border.</summary>
    public int Padding { get; init; } = 2;

    public Rgb PaddingColor { get; init; } = new(190, 190, 190);

    /// <summary>For float inputs: draw 1 - v (dark ink on white paper).</summary>
    public bool Invert { get; init; }

    /// <summary>Optional label left of each row (e.g. "original", "reconstruction").</summary>
    public IReadOnlyList<string>? RowLabels { get; init; }

    /// <summary>Optional label above each column (e.g. class names).</summary>
    public IReadOnlyList<string>? ColumnLabels { get; init; }

    /// <summary>Optional label in the top-left corner, above the row labels and left of the column labels (e.g. "z2 \ z1").</summary>
    public string? CornerLabel { get; init; }

    public Rgb LabelColor { get; init; } = new(30, 30, 30);

    /// <summary>Background behind labels.</summary>
    public Rgb LabelBackground { get; init; } = Rgb.White;
}
