// How much memory a training step will take, estimated before anything is written, so that a batch that cannot fit
// is refused with the number instead of being killed by the kernel: one forward pass of a single test image (evaluation
// mode, no gradients, nothing changed) measures the activations per image; training keeps them for backward, adds
// their gradients and the convolutions' work buffers (TrainingFactor, measured), plus weights, gradients, Adam's two
// moments and the data.
namespace Engine.Models.Training;

using System.Globalization;
using Engine.Memory;
using Engine.Nn.Data;

public sealed record MemoryEstimate(long BytesPerImage, long FixedBytes)
{
    /// <summary>
    /// Training bytes per image over the forward tensors' bytes per image. Measured as the growth of the peak RSS from
    /// batch 32 to 1024 (`/usr/bin/time -f %M engine train M --epochs 1 --limit B --batch-size B`): ae 846 KB and vae 900 KB
    /// per image, against 632 KB of forward tensors each, so 1.34-1.42; rounded up.
    /// </summary>
    public const double TrainingFactor = 1.5;

    /// <summary>The runtime, the kernels and the report's figures, measured as the peak of a one-image run.</summary>
    public const long BaseBytes = 256L << 20;

    public long Bytes(int batchSize) => FixedBytes + BytesPerImage * batchSize;

    public static MemoryEstimate Of(Experiment experiment, DatasetSplits data)
    {
        var model = experiment.Model;
        long activations;
        using (model.Evaluating())
        using (var scope = TensorScope.Begin())
        {
            var first = new BatchLoader(data.Test.Slice(0, 1), 1, seed: 0, shuffle: false).Epoch(0).First();
            experiment.Loss(TrainingBatch.From(first, data.Test), training: false);    // the forward pass and the loss
            activations = scope.Elements;
        }
        long parameters = model.ParameterCount();
        long dataBytes = ((long)data.Train.Images.Length + data.Test.Images.Length) * sizeof(float);
        return new MemoryEstimate((long)(activations * sizeof(float) * TrainingFactor), BaseBytes + parameters * sizeof(float) * 4 + dataBytes);
    }

    /// <summary>Bytes this process can still use: MemAvailable on Linux, else what the runtime reports.</summary>
    public static long Available()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // not Linux: fall through
        }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    /// <summary>Refuses a batch size whose step would not fit in <paramref name="available"/> bytes, with the numbers and the largest that fits.</summary>
    public void Check(RunConfig config, long available, int trainImages = int.MaxValue)
    {
        long needed = Bytes(Math.Min(config.BatchSize, trainImages));        // a batch holds at most the whole training set
        if (needed <= available) return;
        long fits = Math.Max(0, (available - FixedBytes) / Math.Max(BytesPerImage, 1));
        string advice = fits >= 1 ? $"Use --batch-size {fits} or less." : "Close other programs or use a machine with more memory.";
        throw new ArgumentException($"--batch-size {config.BatchSize} would need about {Gb(needed)} of memory for one training step of " +
            $"{config.Family} (estimated: {BytesPerImage / 1024.0:F0} KB per image plus {Gb(FixedBytes)} for weights, data and runtime), " +
            $"but {Gb(available)} are available. {advice}");
    }

    private static string Gb(long bytes) => (bytes / 1e9).ToString("F1", CultureInfo.InvariantCulture) + " GB";
}
