// Image grids: rows of images (or of float arrays in [0, 1]) laid out with padding, optional up-scaling,
// inversion and row, column and corner labels: reconstructions under originals, decoded latent grids, heatmap rows.
namespace Engine.Imaging;

/// <summary>Lays out rows of images (or float arrays in [0, 1]) with padding, up-scaling, inversion and labels.</summary>
public static class ImageGrid
{
    /// <summary>Lays out rows of images; cells are as large as the largest image, which is centred in its cell.</summary>
    public static Image FromRows(IReadOnlyList<IReadOnlyList<Image>> rows, GridOptions? options = null)
    {
        options ??= new GridOptions();
        if (rows.Count == 0 || rows.All(r => r.Count == 0))
        {
            throw new ArgumentException("An image grid needs at least one image.", nameof(rows));
        }
        Image[] all = rows.SelectMany(r => r).ToArray();
        int channels = all.Max(i => i.Channels) == 1 ? 1 : 3;
        int scale = Math.Max(1, options.Scale);
        int cellWidth = all.Max(i => i.Width) * scale;
        int cellHeight = all.Max(i => i.Height) * scale;
        int columns = rows.Max(r => r.Count);
        int pad = Math.Max(0, options.Padding);
        string corner = options.CornerLabel ?? "";
        int labelLeft = options.RowLabels is { Count: > 0 } labels ? Math.Max(labels.Max(BitmapFont.Measure), BitmapFont.Measure(corner)) + 8
            : corner.Length > 0 ? BitmapFont.Measure(corner) + 8 : 0;
        int labelTop = options.ColumnLabels is { Count: > 0 } || corner.Length > 0 ? BitmapFont.LineHeight + 4 : 0;

        int width = labelLeft + pad + columns * (cellWidth + pad);
        int height = labelTop + pad + rows.Count * (cellHeight + pad);
        var grid = new Image(width, height, labelLeft + labelTop > 0 ? 3 : channels);
        grid.FillRectangle(0, 0, width, height, options.LabelBackground);
        grid.FillRectangle(labelLeft, labelTop, width - labelLeft, height - labelTop, options.PaddingColor);
        for (int r = 0; r < rows.Count; r++)
        {
            int top = labelTop + pad + r * (cellHeight + pad);
            for (int c = 0; c < rows[r].Count; c++)
            {
                Image cell = rows[r][c].Scale(scale);
                int left = labelLeft + pad + c * (cellWidth + pad);
                grid.Paste(cell, left + (cellWidth - cell.Width) / 2, top + (cellHeight - cell.Height) / 2);
            }
            if (options.RowLabels is not null && r < options.RowLabels.Count)
            {
                string text = options.RowLabels[r];
                BitmapFont.Draw(grid, text, labelLeft - 4 - BitmapFont.Measure(text), top + (cellHeight - BitmapFont.LineHeight) / 2, options.LabelColor);
            }
        }
        if (corner.Length > 0)
        {
            BitmapFont.Draw(grid, corner, labelLeft - 4 - BitmapFont.Measure(corner), 1, options.LabelColor);
        }
        for (int c = 0; c < (options.ColumnLabels?.Count ?? 0) && c < columns; c++)
        {
            string text = options.ColumnLabels![c];
            int left = labelLeft + pad + c * (cellWidth + pad);
            BitmapFont.Draw(grid, text, left + (cellWidth - BitmapFont.Measure(text)) / 2, 1, options.LabelColor);
        }
        return grid;
    }

    /// <summary>Rows of gray images given as row-major (height, width) floats in [0, 1] (clamped).</summary>
    public static Image FromRows(IReadOnlyList<IReadOnlyList<float[]>> rows, int width, int height, GridOptions? options = null)
    {
        bool invert = options?.Invert ?? false;
        Image[][] images = rows.Select(r => r.Select(v => Image.FromFloats(v, width, height, invert: invert)).ToArray()).ToArray();
        return FromRows(images, options);
    }

    /// <summary>
    /// A batch laid out <paramref name="columns"/> per row, as a (N, C, H, W) tensor stores it:
    /// e.g. a 10x10 grid of decoded latent points, or 16 samples from the prior.
    /// </summary>
    public static Image FromBatch(ReadOnlySpan<float> batch, int width, int height, int columns, int channels = 1,
        GridOptions? options = null)
    {
        int size = width * height * channels;
        if (batch.Length == 0 || batch.Length % size != 0)
        {
            throw new ArgumentException($"Batch of {batch.Length} values is not a whole number of {width}x{height}x{channels} images.", nameof(batch));
        }
        int count = batch.Length / size;
        bool invert = options?.Invert ?? false;
        var rows = new List<Image[]>();
        for (int start = 0; start < count; start += columns)
        {
            var row = new Image[Math.Min(columns, count - start)];
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Image.FromFloats(batch.Slice((start + i) * size, size), width, height, channels, planar: true, invert);
            }
            rows.Add(row);
        }
        return FromRows(rows, options);
    }
}
