// The AAE's figures: reconstructions, loss curves; latent 2: the test codes by class with the support drawn over them, an
// animated GIF of them epoch by epoch, a 50 x 50 grid decoded over the codes' bounding box (uniform, normal) or the
// prior's boxes (grid); images decoded from prior samples. Every network pass in the mode the recipe evaluates in
// (AaeExperiment.Notebook.cs). N = images, H, W = height, width, Z = latent size.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class AaeFigures
{
    public const int GridSide = 50;

    public static void Write(AaeExperiment experiment, RunFolder run, Dataset test, ReportPage report)
    {
        var prior = experiment.Prior;
        int h = test.Height, w = test.Width, z = experiment.Latent;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var names = picks.Select(i => test.ClassNames[test.Labels[i]]).ToList();
        Figures.SaveRows(run.File("reconstructions.png"), [originals, experiment.ReconstructAsEvaluated(originals, h, w)], h, w,
            ["original", "reconstructed"], names);
        report.AddFigure("reconstructions.png", "Test images (top) and their reconstructions (bottom), one per class.", FigureGroup.Reconstruction);
        Figures.LossCurves(run, report, experiment.Terms);

        var codes = experiment.TestCodes(test.Images, h, w);                          // (N, Z), as the recipe evaluates
        report.AddMetric($"test codes inside the support of the prior ({prior.Name})", prior.FractionInside(codes));
        if (z == 2)
        {
            Figures.PriorScatter(run.File("latent.svg"), codes, test.Labels, test.ClassNames, prior, $"Test codes and the support of the {prior.Name} prior");
            report.AddFigure("latent.svg", $"The test set's codes coloured by class, with the support of the prior ({prior.Description}) in black.", FigureGroup.Lead);
            if (LatentTrail.Animate(run, test, prior.Outline(), "latent-epochs.gif"))
            {
                report.AddFigure("latent-epochs.gif", $"The codes of the first {Math.Min(LatentTrail.Images, test.Count):N0} test images after each epoch, on fixed axes.");
            }
            var region = prior.GridRegion ?? Bounds(codes);
            var grid = new float[GridSide * GridSide * 2];
            for (int row = 0; row < GridSide; row++)
                for (int col = 0; col < GridSide; col++)
                {
                    grid[(row * GridSide + col) * 2] = region.Left + (region.Right - region.Left) * col / (GridSide - 1);
                    grid[(row * GridSide + col) * 2 + 1] = region.Top - (region.Top - region.Bottom) * row / (GridSide - 1);
                }
            var decoded = experiment.DecodeAsEvaluated(grid);
            Png.Write(run.File("latent-grid.png"), ImageGrid.FromBatch(decoded, w, h, GridSide, options: new GridOptions { Padding = 0 }));
            string over = prior.GridRegion is null ? "the bounding box of the test codes" : "the boxes of the prior";
            report.AddFigure("latent-grid.png",
                $"A {GridSide}x{GridSide} grid of codes over {over}, z1 in [{region.Left:0.##}, {region.Right:0.##}], z2 in [{region.Bottom:0.##}, {region.Top:0.##}] (up), decoded.", FigureGroup.Lead);
        }
        var samples = prior.Sample(100, new Generator(experiment.Config.Seed ^ RandomStreams.Sample)).ToArray();
        Png.Write(run.File("samples.png"), ImageGrid.FromBatch(experiment.DecodeAsEvaluated(samples), w, h, 10, options: new GridOptions { Scale = 2 }));
        report.AddFigure("samples.png", $"100 images decoded from codes drawn from the prior ({prior.Name}).");
    }

    private static float[] Column(float[] pairs, int column) => [.. Enumerable.Range(0, pairs.Length / 2).Select(i => pairs[2 * i + column])];

    private static LatentBox Bounds(float[] codes)
    {
        var (xs, ys) = (Column(codes, 0).Where(float.IsFinite).DefaultIfEmpty(0), Column(codes, 1).Where(float.IsFinite).DefaultIfEmpty(0));
        return new LatentBox(xs.Min(), xs.Max(), ys.Min(), ys.Max());
    }
}
