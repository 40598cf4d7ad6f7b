// `engine embeddings` (the lecture's claim "autoencoders give better 2-D embeddings than PCA", scored by k-NN) and
// `engine eval --dataset` (the claim "autoencoders are data specific": a model scored on another dataset's test set),
// from the command line on tiny runs of the bundled data.
namespace Engine.Tests.Cli;

using System.Globalization;
using Engine.Models;
using Engine.Nn.Data;
using Engine.Tests.Checkpoints;

[NonParallelizable]
[Category(TestCategories.CliRuns)]
public class EmbeddingsCliTests
{
    private static readonly string[] Small = ["--epochs", "1", "--limit", "200", "--test-limit", "100", "--batch-size", "50"];

    [Test]
    public void EmbeddingsScoresEachRunAndPcaByKnnInOneTable()
    {
        using var temp = new TempFolder();
        string ae = temp.File("ae"), vae = temp.File("vae"), output = temp.File("embeddings");
        Assert.That(CliTests.Run(["train", "ae", .. Small, "--latent", "2", "--out", ae]).Code, Is.Zero);
        Assert.That(CliTests.Run(["train", "vae", .. Small, "--out", vae]).Code, Is.Zero);

        var (code, text, error) = CliTests.Run("embeddings", ae, vae, "--out", output);
        Assert.That(code, Is.Zero, text + error);
        Assert.That(text, Does.Contain("200 training images as reference points, 100 test images as queries"));
        string html = File.ReadAllText(Path.Combine(output, "report.html"));
        Assert.That(html, Does.Contain("<th>data used</th><td>fashion, 200 training and 100 test images, from ")
            .And.Contain("test set limited to 100"), "the runs' report line (DataUse.Describe)");
        foreach (var name in new[] { "ae z2", "vae z2 (mu)", "pca 2" })
        {
            var line = text.Split('\n').Single(l => l.StartsWith(name + " ", StringComparison.Ordinal) && l.TrimEnd().EndsWith('%'));
            double accuracy = double.Parse(line[name.Length..].Trim().TrimEnd('%'), CultureInfo.InvariantCulture) / 100;
            Assert.That(accuracy, Is.InRange(0.0, 1.0), name);
            Assert.That(html, Does.Contain($"k-NN accuracy, {name}"));
            Assert.That(File.Exists(Path.Combine(output, $"embedding-{TrainedRun.Slug(name)}.svg")), name);
        }

        // The PCA row, recomputed here from its definition: 2 components of the same 200 training images, k = 5.
        var data = Datasets.Load(Datasets.Fashion, limit: 200);
        var test = data.Test.Slice(0, 100);
        var pca = Pca.Fit(data.Train.Images, data.Train.PixelsPerImage);
        float expected = NearestNeighbours.Accuracy(pca.Encode(data.Train.Images, 2), data.Train.Labels, pca.Encode(test.Images, 2), test.Labels, 2);
        Assert.That(text, Does.Contain($"{expected:P2}"));
        Assert.That(expected, Is.GreaterThan(0.2), "PCA's plane separates some classes far above chance (10%)");
    }

    [Test]
    public void EmbeddingsRefusesARunWhoseCodeIsNot2D()
    {
        using var temp = new TempFolder();
        string ae = temp.File("ae8");
        Assert.That(CliTests.Run(["train", "ae", "--epochs", "1", "--limit", "16", "--test-limit", "10", "--latent", "8", "--out", ae]).Code, Is.Zero);
        var (code, _, error) = CliTests.Run("embeddings", ae, "--out", temp.File("x"));
        Assert.That(code, Is.Not.Zero);
        Assert.That(error.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(error, Does.Contain("8-D latent code").And.Contain("--latent 2"));
    }

    [Test]
    public void EvalOnAnotherDatasetScoresSuperResolutionThere()
    {
        using var temp = new TempFolder();
        string run = temp.File("sr");
        Assert.That(CliTests.Run(["train", "superres", "--epochs", "1", "--limit", "32", "--test-limit", "20", "--batch-size", "16", "--out", run]).Code,
            Is.Zero);
        var own = CliTests.Run("eval", run);
        Assert.That(own.Code, Is.Zero, own.Error);
        Assert.That(own.Out, Does.Contain("test PSNR (dB), autoencoder").And.Contain("test PSNR (dB), bicubic"));
        var digits = CliTests.Run("eval", run, "--dataset", "mnist");
        Assert.That(digits.Code, Is.Zero, digits.Error);
        Assert.That(digits.Out, Does.Contain("Scoring on the mnist test set (2,000 images); the run was trained on fashion."));
        Assert.That(digits.Out, Does.Contain("test PSNR (dB), bicubic"));
        Assert.That(Bicubic(digits.Out), Is.Not.EqualTo(Bicubic(own.Out)), "another test set, another bicubic score");

        // Only the other dataset's test split is read: a folder holding the MNIST test files alone is enough.
        string testOnly = temp.File("mnist-test-only");
        Directory.CreateDirectory(testOnly);
        foreach (var file in Directory.GetFiles(MnistDigits.FindRepositoryData()!, "t10k-*-ubyte.gz"))
        {
            File.Copy(file, Path.Combine(testOnly, Path.GetFileName(file)));
        }
        string? saved = Environment.GetEnvironmentVariable(MnistDigits.EnvironmentVariable);
        Environment.SetEnvironmentVariable(MnistDigits.EnvironmentVariable, testOnly);
        try
        {
            var alone = CliTests.Run("eval", run, "--dataset", "mnist");
            Assert.That(alone.Code, Is.Zero, alone.Out + alone.Error);
            Assert.That(Bicubic(alone.Out), Is.EqualTo(Bicubic(digits.Out)), "the same test split, without the training files");
        }
        finally
        {
            Environment.SetEnvironmentVariable(MnistDigits.EnvironmentVariable, saved);
        }
        var bad = CliTests.Run("eval", run, "--dataset", "cifar");
        CliTests.AssertUsageError(bad.Code, bad.Out, bad.Error, "unknown dataset 'cifar'; choose one of fashion, mnist", "engine eval");
    }

    private static double Bicubic(string output) => double.Parse(
        output.Split('\n').Single(l => l.StartsWith("test PSNR (dB), bicubic:", StringComparison.Ordinal)).Split(':')[1], CultureInfo.InvariantCulture);
}
