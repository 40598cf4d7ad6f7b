// The conditional VAE's figures: reconstructions, loss curves; latent 2: the test set's mu by class (one blob: the label
// carries the class), one scatter per class, and a 20 x 20 grid over [-2, 2]^2 decoded with --class; a class x sample
// grid (a row per class, a column per z ~ N(0, I)); style transfer (a row per test image, a column per label); and ten
// samples of another class in the style of one test image (z from its posterior). With --judge (a classifier run), the
// conditional accuracy per class: the fraction of 100 samples decoded with label c from z ~ N(0, I) that the classifier
// calls c. H, W = height, width, K = classes.
namespace Engine.Models.Experiments;

using Engine.Imaging;
using Engine.Models.Training;
using Engine.Nn.Data;

internal static class CvaeFigures
{
    public static void Write(CvaeExperiment experiment, ConditionalVariationalAutoencoder model, RunFolder run, Dataset test,
        ReportPage report)
    {
        var config = experiment.Config;
        int h = test.Height, w = test.Width, k = model.Classes;
        var names = test.ClassNames;
        var picks = Figures.OnePerClass(test);
        var originals = Figures.Gather(test, picks);
        var pickNames = picks.Select(i => names[test.Labels[i]]).ToList();
        var (pickMu, pickLogVar) = ConditionalGeneration.Encode(model, originals);
        if (experiment.SamplesInEvaluation)                                   // the notebook's: z = mu + eps exp(logVar / 2)
        {
            var eps = Tensor.RandN(new Shape(picks.Length, model.Latent), experiment.EvaluationEps(0)!).ToArray();
            for (int i = 0; i < pickMu.Length; i++) pickMu[i] += eps[i] * MathF.Exp(0.5f * pickLogVar[i]);
        }
        var reconstructions = ConditionalGeneration.Decode(model, pickMu, picks.Select(i => test.Labels[i]).ToArray());
        Figures.SaveRows(run.File("reconstructions.png"), [originals, reconstructions], h, w, ["original", "reconstructed"], pickNames);
        report.AddFigure("reconstructions.png", $"Test images (top) and their reconstructions from {(experiment.SamplesInEvaluation ? "a sample z of q(z | x)" : "z = mu")} " +
            "and their own label (bottom).", FigureGroup.Reconstruction);
        Figures.LossCurves(run, report, experiment.Terms);

        if (config.Latent == 2)
        {
            var mu = ConditionalGeneration.Encode(model, test.Images).Mu;
            Figures.LatentScatter(run.File("latent.svg"), mu, 2, test.Labels, names, "mu of the test set, every class");
            report.AddFigure("latent.svg", "The test set's mu coloured by class: one blob, since the label, not z, carries the class.");
            for (int c = 0; c < k; c++)
            {
                var ofClass = Enumerable.Range(0, test.Count).Where(i => test.Labels[i] == c).ToArray();
                if (ofClass.Length == 0) continue;
                var codes = ofClass.SelectMany(i => mu.AsSpan(i * 2, 2).ToArray()).ToArray();
                string file = $"latent-class-{TrainedRun.Slug(names[c])}.svg";
                Figures.LatentScatter(run.File(file), codes, 2, ofClass.Select(i => test.Labels[i]).ToArray(), names, $"mu of class {names[c]}");
                report.AddFigure(file, $"The test images of class {names[c]} alone in the latent space.");
            }
            const int side = 20;
            const float range = 2f;
            var grid = ConditionalGeneration.LatentGrid(model, config.Cvae.Class, side, range);
            Figures.SaveLatentGrid(run.File("latent-grid.png"), grid, h, w, side, range);
            report.AddFigure("latent-grid.png", Figures.LatentGridCaption(
                $"A 20x20 grid of z over [-2, 2]^2 decoded with class {names[config.Cvae.Class]} (--class {config.Cvae.Class}).", side, range), FigureGroup.Lead);
        }

        if (config.Cvae.Judge is string gone && !Directory.Exists(gone))
        {
            report.Warnings.Add($"The classifier run that judged this model ({gone}) is gone, so the report has no conditional accuracy.");
        }
        else if (config.Cvae.Judge is string judge)
        {
            var (judged, _) = new RunDriver { Log = _ => { } }.Load(judge);
            if (judged.Model is not Classifier classifier)
            {
                throw new ArgumentException($"--judge '{judge}' holds a {judged.Config.Family} run; give a classifier run (engine train classifier).");
            }
            var accuracy = ConditionalGeneration.ConditionalAccuracy(model, classifier, 100, new Generator(config.Seed ^ RandomStreams.Judge));
            report.AddMetric("conditional accuracy (mean over classes)", accuracy.Average());
            for (int c = 0; c < k; c++) report.AddMetric($"conditional accuracy, {names[c]}", accuracy[c]);
        }

        const int perClass = 10;
        var classGrid = ConditionalGeneration.ClassGrid(model, perClass, new Generator(config.Seed ^ RandomStreams.PriorFigure));
        int size = h * w * perClass;
        Figures.SaveRows(run.File("class-grid.png"), Enumerable.Range(0, k).Select(c => classGrid.AsSpan(c * size, size).ToArray()).ToList(),
            h, w, names);
        report.AddFigure("class-grid.png", "One row per class, one column per z ~ N(0, I): each column is one style drawn in every class.", FigureGroup.Lead);

        var sources = originals[..(Math.Min(5, picks.Length) * h * w)];
        var transferred = ConditionalGeneration.StyleTransfer(model, sources);
        int row = h * w * k;
        Figures.SaveRows(run.File("style-transfer.png"),
            Enumerable.Range(0, sources.Length / (h * w)).Select(r => (float[])[.. sources.AsSpan(r * h * w, h * w), .. transferred.AsSpan(r * row, row)]).ToList(),
            h, w, pickNames.Take(sources.Length / (h * w)).ToList(), ["source", .. names]);
        report.AddFigure("style-transfer.png", "Style transfer: each test image (a row) encoded, then decoded with every label (a column).");

        if (picks.Length >= 2)
        {
            int a = test.Labels[picks[0]], b = test.Labels[picks[1]];
            var styled = ConditionalGeneration.InStyleOf(model, test.Image(picks[0]).ToArray(), b, 10, new Generator(config.Seed ^ RandomStreams.Style));
            Figures.SaveRows(run.File("in-style.png"), [[.. test.Image(picks[0]), .. styled]], h, w, [$"{names[a]} -> {names[b]}"],
                ["source", .. Enumerable.Range(1, 10).Select(i => $"{names[b]} {i}")]);
            report.AddFigure("in-style.png", $"Ten samples of class {names[b]} in the style of this test image of class {names[a]} (z drawn from its posterior).");
        }
    }
}
