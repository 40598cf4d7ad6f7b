// The image classifier, the judge of conditional generation (and later the semi-supervised AAE's supervised part): the
// course encoder maps an image to F features, a LeakyReLU (the course's 0.01) and one linear head give K class logits.
//   logits = head(LeakyReLU(encoder(x)));  Loss = CE(logits, y) = -(1 / B) sum_b log softmax(logits_b)_{y_b}.
// B = batch, C = channels, H, W = height, width, F = features, K = classes.
namespace Engine.Models;

using F = Engine.Functional;

public sealed class Classifier : Module
{
    public const int DefaultFeatures = 128;

    public Classifier(ImageShape image, int classes = 10, int features = DefaultFeatures)
    {
        if (classes <= 1 || features <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), $"A classifier needs at least 2 classes and 1 feature; got {classes} and {features}.");
        }
        Image = image;
        Classes = classes;
        Encoder = Add("encoder", new CourseEncoder(image, features));
        Head = Add("head", new Linear(features, classes));
    }

    public ImageShape Image { get; }

    public int Classes { get; }

    public CourseEncoder Encoder { get; }

    /// <summary>Linear(F, K).</summary>
    public Linear Head { get; }

    /// <summary>(B, C, H, W) -> LeakyReLU(encoder(x)) (B, F).</summary>
    public Tensor Features(Tensor x) => Encoder.Forward(x).LeakyRelu(CourseNetworks.Slope);

    /// <summary>(B, C, H, W) -> logits (B, K).</summary>
    public override Tensor Forward(Tensor input) => Head.Forward(Features(input));

    /// <summary>The most likely class of each image [B] (no graph is recorded; the caller picks train or eval mode).</summary>
    public int[] Predict(Tensor x)
    {
        using var noGrad = NoGrad.Scope();
        using var logits = Forward(x);
        return ArgMax(logits.ToArray(), Classes);
    }

    /// <summary>Cross-entropy of logits (B, K) against labels [B], mean over the batch (nn.CrossEntropyLoss).</summary>
    public static Tensor Loss(Tensor logits, ReadOnlySpan<int> labels) => F.CrossEntropy(logits, labels);

    /// <summary>Row-wise arg max of [B, K] values (the first on ties).</summary>
    public static int[] ArgMax(ReadOnlySpan<float> values, int classes)
    {
        var result = new int[values.Length / classes];
        for (int b = 0; b < result.Length; b++)
        {
            var row = values.Slice(b * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++) if (row[k] > row[best]) best = k;
            result[b] = best;
        }
        return result;
    }

    /// <summary>The fraction of <paramref name="predicted"/> equal to <paramref name="labels"/>.</summary>
    public static float Accuracy(ReadOnlySpan<int> predicted, ReadOnlySpan<int> labels)
    {
        if (predicted.Length != labels.Length || labels.Length == 0)
        {
            throw new ArgumentException($"Accuracy needs as many predictions as labels (and some); got {predicted.Length} and {labels.Length}.");
        }
        int right = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) right++;
        return right / (float)labels.Length;
    }
}
