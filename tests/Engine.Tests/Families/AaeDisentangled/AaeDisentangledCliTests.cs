// The disentangled AAE from the command line: a tiny run leaves a complete run folder whose report shows the
// style-label grid, the label head's accuracy and the probe that reads the label from the style code.
namespace Engine.Tests.Families.AaeDisentangled;

using Engine.Imaging;
using Engine.Nn.Checkpoints;
using Engine.Tests.Checkpoints;
using Engine.Tests.Cli;
using static Engine.Tests.Families.Aae.AaeCliTests;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class AaeDisentangledCliTests
{
    [Test]
    public void TheDisentangledAaeLeavesItsStyleLabelGridAndProbe()
    {
        using var temp = new TempFolder();
        string run = temp.File("run");
        var (code, output, error) = CliTests.Run(["train", "aae-disentangled", .. Tiny, "--latent", "2", "--sample-multiple", "2", "--out", run]);
        Assert.That(code, Is.Zero, output + error);
        string[] figures = ["reconstructions.png", "style-label-grid.png", "latent.svg", "latent-epochs.gif", "loss-confusion.svg", "loss-predictor-accuracy.svg"];
        foreach (var file in RunFiles.Concat(figures)) Assert.That(File.Exists(Path.Combine(run, file)), file);
        var grid = Png.Read(Path.Combine(run, "style-label-grid.png"));
        Assert.That(grid.Width, Is.GreaterThan(11 * 28 * 3), "a source column and ten label columns at scale 3");
        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        foreach (var figure in figures) Assert.That(html, Does.Contain(figure));
        Assert.That(html, Does.Contain("test accuracy of the label head").And.Contain("probe accuracy: label read from the style z"));
        Assert.That(SafetensorsFile.Read(Path.Combine(run, "checkpoint", "model.safetensors")).Tensors.Select(t => t.Name),
            Has.Some.StartsWith("predictor.layers.").And.Some.StartsWith("discriminator.layers."));
        Assert.That(CliTests.Run("eval", run).Code, Is.Zero);
    }
}
