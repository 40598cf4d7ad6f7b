// The probe that measures what a code says about the label: a fresh label predictor (the discriminator's MLP with K
// logits) trained with cross-entropy on the codes of the first half of the test set, scored on the second half. A code
// that carries the class (a plain AE's) is read well above chance; the disentangled AAE's style code should not be.
// N = images, Z = code size, K = classes.
namespace Engine.Models.Experiments;

using Engine.Memory;
using Engine.Models.Training;

public static class LatentProbe
{
    public const int Epochs = 20, BatchSize = 128;

    /// <summary>Test accuracy of a probe trained on the first half of <paramref name="codes"/> (N, Z) and scored on the second half.</summary>
    public static double Accuracy(float[] codes, int latent, int[] labels, int classes, ulong seed)
    {
        int n = labels.Length, half = n / 2;
        if (half < 1) return double.NaN;
        var generator = new Generator(seed ^ RandomStreams.Probe);
        var probe = new LabelPredictor(latent, classes, generator);
        var adam = new Adam(probe.Parameters(), 1e-3f);
        probe.Train();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            var keys = Tensor.RandU(new Shape(half), 0f, 1f, generator).ToArray();
            var order = Enumerable.Range(0, half).OrderBy(i => keys[i]).ToArray();    // a seeded shuffle
            for (int start = 0; start + 1 < half; start += BatchSize)
            {
                using var scope = TensorScope.Begin();
                var rows = order.AsSpan(start, Math.Min(BatchSize, half - start)).ToArray();
                if (rows.Length < 2) break;                                             // batch norm needs two rows
                var x = Tensor.FromArray([.. rows.SelectMany(i => codes.AsSpan(i * latent, latent).ToArray())], rows.Length, latent);
                adam.ZeroGrad();
                var loss = Functional.CrossEntropy(probe.Forward(x), rows.Select(i => labels[i]).ToArray());
                loss.Backward();
                adam.Step();
            }
        }
        using (probe.Evaluating())
        using (TensorScope.Begin())
        {
            var test = Tensor.FromArray(codes[(half * latent)..(n * latent)], n - half, latent);
            var predicted = Classifier.ArgMax(probe.Forward(test).ToArray(), classes);
            return Classifier.Accuracy(predicted, labels[half..n]);
        }
    }
}
