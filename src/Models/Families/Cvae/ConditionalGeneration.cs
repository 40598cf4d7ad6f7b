// What a trained conditional VAE is for, as host arrays ready for ImageGrid: images of a chosen class from the prior, a
// class x sample grid, a latent grid with a chosen class, style transfer (encode an image, decode its mu with every
// label), "samples of class b in the style of this image" (z drawn from the image's posterior), and the conditional
// accuracy a classifier gives samples of each class. All run in evaluation mode without a graph, in batches of 256.
// N = images, C, H, W = channels, height, width, Z = latent size, K = classes; images are [N, C, H, W] row-major.
namespace Engine.Models;

using Engine.Memory;

public static class ConditionalGeneration
{
    private const int BatchSize = 256;

    /// <summary>Decodes codes [N, Z] with labels [N] into images [N, C, H, W].</summary>
    public static float[] Decode(ConditionalVariationalAutoencoder model, float[] codes, int[] labels)
    {
        int z = model.Latent;
        if (codes.Length != labels.Length * z)
        {
            throw new ArgumentException($"{labels.Length} labels need {labels.Length * z} code values (Z = {z}); got {codes.Length}.");
        }
        var backend = Backend(model);
        return InEvaluation(model, labels.Length, model.Image.Count, (start, count) =>
            model.Decode(Tensor.FromArray(codes[(start * z)..((start + count) * z)], new Shape(count, z), backend), labels.AsSpan(start, count)));
    }

    /// <summary>Encodes images [N, C, H, W] into their posterior mean and log-variance, each [N, Z].</summary>
    public static (float[] Mu, float[] LogVar) Encode(ConditionalVariationalAutoencoder model, float[] images)
    {
        int size = model.Image.Count, n = images.Length / size;
        var backend = Backend(model);
        var image = model.Image;
        Tensor Input(int start, int count) =>
            Tensor.FromArray(images[(start * size)..((start + count) * size)], new Shape(count, image.Channels, image.Height, image.Width), backend);
        var mu = InEvaluation(model, n, model.Latent, (start, count) => model.Encode(Input(start, count)).Mu);
        var logVar = InEvaluation(model, n, model.Latent, (start, count) => model.Encode(Input(start, count)).LogVar);
        return (mu, logVar);
    }

    /// <summary><paramref name="count"/> images of class <paramref name="label"/> decoded from z ~ N(0, I).</summary>
    public static float[] SampleClass(ConditionalVariationalAutoencoder model, int label, int count, Generator generator)
    {
        CheckLabel(model, label);
        var codes = Tensor.RandN(new Shape(count, model.Latent), generator).ToArray();   // (N, Z) ~ N(0, I)
        return Decode(model, codes, Enumerable.Repeat(label, count).ToArray());
    }

    /// <summary>
    /// One row per class, <paramref name="perClass"/> columns: column j decodes the same z_j ~ N(0, I) with every label, so a
    /// column shows one style in every class. [K * perClass, C, H, W], rows in label order.
    /// </summary>
    public static float[] ClassGrid(ConditionalVariationalAutoencoder model, int perClass, Generator generator)
    {
        var codes = Tensor.RandN(new Shape(perClass, model.Latent), generator).ToArray();
        var allCodes = new float[model.Classes * codes.Length];
        var labels = new int[model.Classes * perClass];
        for (int c = 0; c < model.Classes; c++)
        {
            codes.CopyTo(allCodes, c * codes.Length);
            Array.Fill(labels, c, c * perClass, perClass);
        }
        return Decode(model, allCodes, labels);
    }

    /// <summary>
    /// A side x side grid of z over [-range, range]^2 (Z = 2 only) decoded with class <paramref name="label"/>: z1 grows to
    /// the right, z2 upwards, as the VAE's latent grid. [side * side, C, H, W] row by row.
    /// </summary>
    public static float[] LatentGrid(ConditionalVariationalAutoencoder model, int label, int side = 20, float range = 2f)
    {
        CheckLabel(model, label);
        if (model.Latent != 2)
        {
            throw new InvalidOperationException($"A latent grid needs a 2-D latent space; this model's is {model.Latent}-D.");
        }
        var codes = new float[side * side * 2];
        for (int row = 0; row < side; row++)
            for (int col = 0; col < side; col++)
            {
                codes[(row * side + col) * 2] = -range + 2 * range * col / (side - 1);
                codes[(row * side + col) * 2 + 1] = range - 2 * range * row / (side - 1);
            }
        return Decode(model, codes, Enumerable.Repeat(label, side * side).ToArray());
    }

    /// <summary>Style transfer: each image [N, C, H, W] encoded (mu), decoded with every label: [N * K, C, H, W], a row per image.</summary>
    public static float[] StyleTransfer(ConditionalVariationalAutoencoder model, float[] images)
    {
        var (mu, _) = Encode(model, images);
        int n = mu.Length / model.Latent, k = model.Classes, z = model.Latent;
        var codes = new float[n * k * z];
        var labels = new int[n * k];
        for (int i = 0; i < n; i++)
            for (int c = 0; c < k; c++)
            {
                Array.Copy(mu, i * z, codes, (i * k + c) * z, z);
                labels[i * k + c] = c;
            }
        return Decode(model, codes, labels);
    }

    /// <summary>
    /// <paramref name="count"/> images of class <paramref name="label"/> in the style of <paramref name="image"/> [C, H, W]:
    /// z = mu + eps * exp(logVar / 2) from that image's posterior, decoded with the label. [count, C, H, W].
    /// </summary>
    public static float[] InStyleOf(ConditionalVariationalAutoencoder model, float[] image, int label, int count, Generator generator)
    {
        CheckLabel(model, label);
        var (mu, logVar) = Encode(model, image);
        if (mu.Length != model.Latent)
        {
            throw new ArgumentException($"InStyleOf takes one image of {model.Image}; got {image.Length} values.");
        }
        var eps = Tensor.RandN(new Shape(count, model.Latent), generator).ToArray();
        for (int i = 0; i < eps.Length; i++)
        {
            int j = i % model.Latent;
            eps[i] = mu[j] + eps[i] * MathF.Exp(logVar[j] / 2);
        }
        return Decode(model, eps, Enumerable.Repeat(label, count).ToArray());
    }

    /// <summary>
    /// Conditional accuracy: for every class c, <paramref name="perClass"/> samples decoded from z ~ N(0, I) with label c,
    /// and the fraction the classifier calls c. Returns [K].
    /// </summary>
    public static float[] ConditionalAccuracy(
        ConditionalVariationalAutoencoder model, Classifier classifier, int perClass, Generator generator)
    {
        if (classifier.Classes != model.Classes)
        {
            throw new ArgumentException($"The classifier knows {classifier.Classes} classes, the model {model.Classes}.");
        }
        var accuracy = new float[model.Classes];
        var image = model.Image;
        using (classifier.Evaluating())
        {
            for (int c = 0; c < model.Classes; c++)
            {
                var samples = SampleClass(model, c, perClass, generator);
                var predicted = new List<int>(perClass);
                for (int start = 0; start < perClass; start += BatchSize)
                {
                    using var scope = TensorScope.Begin();
                    int count = Math.Min(BatchSize, perClass - start);
                    var x = Tensor.FromArray(samples[(start * image.Count)..((start + count) * image.Count)],
                        new Shape(count, image.Channels, image.Height, image.Width), Backend(classifier));
                    predicted.AddRange(classifier.Predict(x));
                }
                accuracy[c] = predicted.Count(p => p == c) / (float)perClass;
            }
        }
        return accuracy;
    }

    private static void CheckLabel(ConditionalVariationalAutoencoder model, int label)
    {
        if (label < 0 || label >= model.Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(label), $"Class {label} is out of range; choose 0..{model.Classes - 1}.");
        }
    }

    private static IBackend Backend(Module model) => model.Parameters().First().Value.Backend;

    /// <summary>Runs <paramref name="network"/> over n items in batches, in evaluation mode, and gathers [n, outputSize].</summary>
    internal static float[] InEvaluation(Module model, int n, int outputSize, Func<int, int, Tensor> network)
    {
        var output = new float[n * outputSize];
        using (model.Evaluating())
        {
            for (int start = 0; start < n; start += BatchSize)
            {
                using var scope = TensorScope.Begin();
                int count = Math.Min(BatchSize, n - start);
                network(start, count).ToArray().CopyTo(output, start * outputSize);
            }
        }
        return output;
    }
}
