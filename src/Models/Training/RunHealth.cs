// Checks that catch a dead run: weights that are NaN/Inf or a negative running variance in a checkpoint (refused, with
// the tensor's name), and at the end of training a loss that never fell below its first epoch's or a network whose
// output is the same for every image (warnings, shown in the console and at the top of the report).
namespace Engine.Models.Training;

using System.Globalization;
using Engine.Models.Experiments;
using Engine.Nn.Data;

public static class RunHealth
{
    /// <summary>Largest spread (max - min over test images, any pixel) of an output that counts as constant.</summary>
    public const float ConstantOutputSpread = 1e-4f;

    /// <summary>Refuses weights that no healthy run produces, naming the tensor.</summary>
    public static void CheckWeights(Module model, string path)
    {
        if (FindBadWeight(model) is string problem)
        {
            throw new InvalidDataException($"{path}: {problem}; no healthy run saves that. The checkpoint is damaged or the run " +
                "diverged; train again (--overwrite replaces the run).");
        }
    }

    /// <summary>The first NaN/Inf weight or negative running variance, described with the tensor's name; null if none.</summary>
    public static string? FindBadWeight(Module model)
    {
        foreach (var (name, entry) in model.StateDict())
        {
            if (entry.Values is not { } tensor)
            {
                if (entry.Buffer!.Counter < 0) return $"tensor '{name}' is a negative count ({entry.Buffer.Counter})";
                continue;
            }
            var values = tensor.ToArray();
            bool variance = name.EndsWith("running_var", StringComparison.Ordinal);
            for (int i = 0; i < values.Length; i++)
            {
                if (!float.IsFinite(values[i])) return $"tensor '{name}' holds {NonFinite(values[i])} at index {i}";
                if (variance && values[i] < 0) return $"tensor '{name}' is a variance but holds {Text(values[i])} at index {i}";
            }
        }
        return null;
    }

    /// <summary>
    /// The warnings of a finished run (empty when it looks healthy). A run of one epoch is a smoke test, too short to
    /// judge: the checks need two epochs or more. The objective is the experiment's first loss term.
    /// </summary>
    public static List<string> Review(Experiment experiment, RunFolder run, Dataset test)
    {
        var warnings = new List<string>();
        var train = MetricsLog.Read(run.Metrics, "train");
        if (train.Count < 2) return warnings;
        string objective = experiment.Terms[0];
        if (!(train[^1].Values[0] < train[0].Values[0]))
        {
            warnings.Add($"The training loss did not fall: epoch {train[^1].Epoch}'s mean {objective} ({Text(train[^1].Values[0])}) is not " +
                $"below epoch {train[0].Epoch}'s ({Text(train[0].Values[0])}). The run did not learn; try a lower --lr (this run used " +
                $"{Text(experiment.Config.LearningRate)}).");
        }
        int n = Math.Min(test.Count, 256), pixels = test.PixelsPerImage;
        var outputs = Figures.Apply(experiment.Model, experiment.Model.Forward, test.Images.AsSpan(0, n * pixels).ToArray(), test.Height, test.Width);
        float spread = 0;
        for (int p = 0; p < pixels; p++)
        {
            float min = float.PositiveInfinity, max = float.NegativeInfinity;
            for (int i = 0; i < n; i++) (min, max) = (Math.Min(min, outputs[i * pixels + p]), Math.Max(max, outputs[i * pixels + p]));
            spread = Math.Max(spread, max - min);
        }
        if (n >= 2 && !(spread > ConstantOutputSpread))
        {
            warnings.Add($"The network collapsed to a constant output: its reconstructions of {n} different test images differ by at most " +
                $"{Text(spread)} in any pixel. Train longer, or with a lower --lr (this run used {Text(experiment.Config.LearningRate)}).");
        }
        return warnings;
    }

    private static string NonFinite(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+infinity" : "-infinity";

    private static string Text(double value) => value.ToString("G5", CultureInfo.InvariantCulture);
}
