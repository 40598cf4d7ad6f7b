// Image grids and heatmaps: layout arithmetic, clamping and inversion, labels drawn, viridis end points.
using Engine.Imaging;
using NUnit.Framework;

namespace Engine.Tests.Imaging;

public class ImageGridTests
{
    [Test]
    public void RowsAreLaidOutWithPaddingAndScale()
    {
        float[] white = Enumerable.Repeat(1f, 4 * 3).ToArray();
        float[] over = Enumerable.Repeat(7f, 4 * 3).ToArray();
        var options = new GridOptions { Scale = 2, Padding = 1, PaddingColor = new Rgb(100, 100, 100) };

        Image grid = ImageGrid.FromRows([[white, over, white], [white]], 4, 3, options);

        Assert.That((grid.Width, grid.Height, grid.Channels), Is.EqualTo((1 + 3 * (8 + 1), 1 + 2 * (6 + 1), 1)));
        Assert.That(grid[0, 0, 0], Is.EqualTo(100), "padding");
        Assert.That(grid[1 + 9, 1, 0], Is.EqualTo(255), "7 is clamped to 1");
        Assert.That(grid[1 + 9, 1 + 7, 0], Is.EqualTo(100), "a short row leaves padding colour");
    }

    [Test]
    public void InversionDrawsInkOnPaper()
    {
        float[] batch = [0f, 1f, 0.2f, 0.8f];

        Image grid = ImageGrid.FromBatch(batch, 2, 1, columns: 1, options: new GridOptions { Padding = 0, Invert = true });

        Assert.That(grid.Pixels, Is.EqualTo(new byte[] { 255, 0, 204, 51 }));
    }

    [Test]
    public void LabelsAreDrawnOutsideTheCells()
    {
        float[] cell = new float[28 * 28];
        var options = new GridOptions { RowLabels = ["original", "recon"], ColumnLabels = ["0", "1"] };

        Image grid = ImageGrid.FromRows([[cell, cell], [cell, cell]], 28, 28, options);

        int labelWidth = BitmapFont.Measure("original") + 8;
        Assert.That(grid.Width, Is.EqualTo(labelWidth + 2 + 2 * 30));
        Assert.That(grid.Height, Is.EqualTo(BitmapFont.LineHeight + 4 + 2 + 2 * 30));
        bool inked = Enumerable.Range(0, labelWidth).Any(x => grid.GetRgb(x, BitmapFont.LineHeight + 4 + 2 + 14).R < 128);
        Assert.That(inked, Is.True, "the row label has dark pixels");
    }

    [Test]
    public void ACornerLabelWidensTheLabelColumnAndSitsAboveTheRowLabels()
    {
        float[] cell = new float[4 * 4];
        var options = new GridOptions { Padding = 1, RowLabels = ["1", "2"], ColumnLabels = ["a", "b"], CornerLabel = "z2 \\ z1" };

        Image grid = ImageGrid.FromRows([[cell, cell], [cell, cell]], 4, 4, options);

        int labelWidth = BitmapFont.Measure("z2 \\ z1") + 8;
        Assert.That(grid.Width, Is.EqualTo(labelWidth + 1 + 2 * 5), "the corner label is wider than the row labels");
        bool inked = Enumerable.Range(0, labelWidth).Any(x => Enumerable.Range(0, BitmapFont.LineHeight).Any(y => grid.GetRgb(x, y).R < 128));
        Assert.That(inked, Is.True, "the corner holds dark pixels");
        var plain = ImageGrid.FromRows([[cell, cell], [cell, cell]], 4, 4, options with { CornerLabel = null });
        Assert.That(plain.Width, Is.EqualTo(BitmapFont.Measure("1") + 8 + 1 + 2 * 5));
        bool blank = Enumerable.Range(0, BitmapFont.Measure("1") + 4).All(x => Enumerable.Range(0, BitmapFont.LineHeight).All(y => plain.GetRgb(x, y).R == 255));
        Assert.That(blank, Is.True, "no corner label, no ink");
    }

    [Test]
    public void ViridisRunsFromPurpleToYellow()
    {
        Image map = Heatmap.Render([0f, 5f, 10f], 3, 1);

        Assert.That(map.GetRgb(0, 0), Is.EqualTo(Rgb.FromHex("#440154")));
        Assert.That(map.GetRgb(1, 0), Is.EqualTo(Rgb.FromHex("#21908c")));
        Assert.That(map.GetRgb(2, 0), Is.EqualTo(Rgb.FromHex("#fde725")));
    }

    [Test]
    public void SharedRangeKeepsMapsComparable()
    {
        Image[] maps = Heatmap.RenderShared([[0f, 1f], [1f, 2f]], 2, 1);

        Assert.That(maps[0].GetRgb(1, 0), Is.EqualTo(maps[1].GetRgb(0, 0)));
        Assert.That(maps[1].GetRgb(1, 0), Is.EqualTo(Rgb.FromHex("#fde725")));
    }
}
