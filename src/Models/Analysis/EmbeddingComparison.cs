// The lecture's claim "autoencoders give better low-dimensional embeddings than PCA", measured: the test set embedded in
// 2-D by each trained run (an AE's code, a VAE's mean mu) and by PCA (the first 2 components of the same training
// images), each embedding scored by k-nearest-neighbour classification (k = 5): the training images embedded the same
// way are the reference points, every test image is a query, the score is the share of test images whose k nearest
// training images mostly carry their own label. One table (the report's metrics), one figure per embedding.
// N = training images, M = test images, D = pixels, 2 = embedding dimensions.
namespace Engine.Models;

using Engine.Imaging;
using Engine.Models.Experiments;
using Engine.Models.Training;
using Engine.Nn.Data;

/// <summary>One embedding's k-NN accuracy: its name ("ae z2", "vae z2 (mu)", "pca 2") and the share of test images right.</summary>
public sealed record EmbeddingScore(string Name, float Accuracy);

public static class EmbeddingComparison
{
    public const int Dimensions = 2;

    /// <summary>
    /// Scores the 2-D embeddings of <paramref name="runs"/> and of PCA on the runs' dataset; writes the figures and
    /// report.html into <paramref name="folder"/>. Returns the scores (PCA last) and the report's path.
    /// </summary>
    public static (IReadOnlyList<EmbeddingScore> Scores, string Report) Run(
        IReadOnlyList<TrainedRun> runs, string folder, int k = NearestNeighbours.DefaultK, Action<string>? log = null)
    {
        log ??= _ => { };
        if (runs.Count == 0) throw new ArgumentException("Give at least one run folder of a model with a 2-D latent code (ae --latent 2, vae).");
        foreach (var run in runs)
        {
            if (run.Latent != Dimensions)
            {
                throw new ArgumentException($"Run '{run.Folder.Path}' has a {run.Latent}-D latent code; the comparison is in 2-D: " +
                    $"train it with --latent 2.");
            }
        }
        var first = runs[0].Config;
        foreach (var run in runs.Skip(1))
        {
            if (run.Config.Dataset != first.Dataset || run.Config.DataDir != first.DataDir || run.Test.Count != runs[0].Test.Count)
            {
                throw new ArgumentException($"Runs '{runs[0].Folder.Path}' and '{run.Folder.Path}' were tested on different data " +
                    $"({first.Dataset}, {runs[0].Test.Count} test images vs {run.Config.Dataset}, {run.Test.Count}); compare runs of one dataset.");
            }
        }

        // The reference points: the training images the first run was trained on (its --limit, if any).
        var data = Datasets.Load(first.Dataset, first.DataDir, log, first.Limit);
        var train = data.Train;
        var test = runs[0].Test;
        int d = train.PixelsPerImage;
        log($"k-NN (k = {k}) in 2-D: {train.Count:N0} training images as reference points, {test.Count:N0} test images as queries.");

        var embeddings = new List<(string Name, float[] Train, float[] Test)>();
        foreach (var run in runs)
        {
            string name = run.IsVariational ? $"{run.Label} (mu)" : run.Label;
            log($"Embedding with {name} ({run.Folder.Path}).");
            embeddings.Add((name, run.Encode(train.Images), run.Encode(test.Images)));
        }
        log($"Fitting PCA to the {train.Count:N0} training images.");
        var pca = Pca.Fit(train.Images, d);
        embeddings.Add(($"pca {Dimensions}", pca.Encode(train.Images, Dimensions), pca.Encode(test.Images, Dimensions)));

        Directory.CreateDirectory(folder);
        var report = new ReportPage("2-D embeddings scored by k-NN")
        {
            Subtitle = $"Test images embedded in 2-D by each model and by PCA; k-NN (k = {k}) accuracy with the training images as reference.",
        };
        report.AddConfig("k", k).AddConfig("training images (reference)", train.Count).AddConfig("test images (queries)", test.Count)
              .AddConfig("data used", DataUse.Describe(test.Count < data.Test.Count
                  ? data with { Test = test, Source = data.Source + $", test set limited to {test.Count}" } : data with { Test = test }));
        foreach (var run in runs) report.AddConfig(run.Label, Path.GetFullPath(run.Folder.Path));

        var scores = new List<EmbeddingScore>();
        foreach (var (name, reference, queries) in embeddings)
        {
            float accuracy = NearestNeighbours.Accuracy(reference, train.Labels, queries, test.Labels, Dimensions, k);
            scores.Add(new EmbeddingScore(name, accuracy));
            report.AddMetric($"k-NN accuracy, {name}", accuracy);
            log($"  {name,-16} k-NN accuracy {accuracy:P2}");
            string file = $"embedding-{TrainedRun.Slug(name)}.svg";
            Figures.LatentScatter(Path.Combine(folder, file), queries, Dimensions, test.Labels, test.ClassNames,
                $"{name}: test set in 2-D, k-NN accuracy {accuracy:P1}");
            report.AddFigure(file, $"The test images embedded by {name}, coloured by class; {accuracy:P2} of them share the majority label of " +
                                   $"their {k} nearest training images in this plane.");
        }
        return (scores, report.Write(folder));
    }
}
