// The toy's training plan, as the course runs it: full batch (every training point in each step), Adam (lr 1e-3), MSE,
// ReduceLROnPlateau (factor 0.1, patience 50) on the validation MSE, up to 5,000 epochs, stopping once the learning rate
// has fallen below 1e-6. One epoch is the canonical step (zero grad, forward, loss, backward, step), then the validation
// MSE in evaluation mode. B = points.
namespace Engine.Models;

using Engine.Memory;

/// <summary>The toy's recipe; the defaults are the course's.</summary>
public sealed record ToyFitOptions(
    int MaxEpochs = 5000, float LearningRate = 1e-3f, int Patience = 50, float Factor = 0.1f, float StopBelowLearningRate = 1e-6f);

/// <summary>Per-epoch training and validation MSE, and the learning rate the run ended with.</summary>
public sealed record ToyFitResult(IReadOnlyList<float> TrainMse, IReadOnlyList<float> ValidationMse, float FinalLearningRate)
{
    public int Epochs => TrainMse.Count;

    public float FinalValidationMse => ValidationMse[^1];
}

public static class ToyTraining
{
    /// <summary>
    /// Trains <paramref name="model"/> on <paramref name="train"/> full-batch, validating on <paramref name="validation"/>
    /// after each epoch; <paramref name="onEpoch"/> hears (epoch, train MSE, validation MSE, learning rate).
    /// </summary>
    public static ToyFitResult Fit(
        ToyAutoencoder model, ToyPoints train, ToyPoints validation, ToyFitOptions? options = null,
        Action<int, float, float, float>? onEpoch = null)
    {
        options ??= new ToyFitOptions();
        if (options.MaxEpochs <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"MaxEpochs must be positive; got {options.MaxEpochs}.");
        }
        var optimizer = new Adam(model.Parameters(), options.LearningRate);
        var scheduler = new ReduceLROnPlateau(optimizer, options.Factor, options.Patience);
        using var points = train.ToTensor();                                          // (B, 2)
        using var labels = train.LabelColumn();                                       // (B, 1)
        var trainMse = new List<float>();
        var validationMse = new List<float>();
        for (int epoch = 0; epoch < options.MaxEpochs && optimizer.LearningRate >= options.StopBelowLearningRate; epoch++)
        {
            model.Train();
            using (TensorScope.Begin())
            {
                optimizer.ZeroGrad();
                var reconstruction = model.Forward(points, model.Conditional ? labels : null);
                var loss = ToyAutoencoder.Loss(reconstruction, points);
                loss.Backward();
                optimizer.Step();
                trainMse.Add(loss.ToScalar());
            }
            float validationLoss = Evaluate(model, validation);
            validationMse.Add(validationLoss);
            scheduler.Step(validationLoss);
            onEpoch?.Invoke(epoch, trainMse[^1], validationLoss, optimizer.LearningRate);
        }
        return new ToyFitResult(trainMse, validationMse, optimizer.LearningRate);
    }

    /// <summary>The MSE of the model's reconstructions of <paramref name="data"/>, in evaluation mode.</summary>
    public static float Evaluate(ToyAutoencoder model, ToyPoints data)
    {
        using var scope = TensorScope.Begin();
        using var evaluating = model.Evaluating();
        var points = data.ToTensor();
        return ToyAutoencoder.Loss(model.Forward(points, model.Conditional ? data.LabelColumn() : null), points).ToScalar();
    }

    /// <summary>The model's reconstructions of <paramref name="data"/> (N, 2), row-major, in evaluation mode.</summary>
    public static float[] Reconstruct(ToyAutoencoder model, ToyPoints data)
    {
        using var scope = TensorScope.Begin();
        using var evaluating = model.Evaluating();
        return model.Forward(data.ToTensor(), model.Conditional ? data.LabelColumn() : null).ToArray();
    }
}
