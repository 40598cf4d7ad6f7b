// The 2-D toy: the generator matches its formulas (curves, noise, labels, the seeded 75 / 25 split), the toy AE's shapes
// and names, the label reaches the conditional decoder, and the course's plan trains both models.
namespace Engine.Tests.Families.Toy;

using Engine.Models;
using Engine.Nn;

public class ToyAutoencoderTests
{
    [Test]
    public void GeneratorMatchesItsFormulas()
    {
        var all = ToyData.Generate(seed: 3);
        Assert.That(all.Count, Is.EqualTo(4000));
        Assert.That(all.Labels[..2000], Is.All.EqualTo(0));
        Assert.That(all.Labels[2000..], Is.All.EqualTo(1));
        for (int i = 0; i < 4000; i++)
        {
            float x = all.Clean[2 * i], y = all.Clean[2 * i + 1];
            if (i < 2000)
            {
                Assert.That(x, Is.InRange(-2.2f, 2.2f));
                Assert.That(y, Is.EqualTo(MathF.Sin(x)).Within(1e-6f), $"point {i} lies on y = sin x");
            }
            else
            {
                float r = MathF.Sqrt((x - 1.5f) * (x - 1.5f) + (y + 0.5f) * (y + 0.5f));
                Assert.That(r, Is.EqualTo(0.5f).Within(1e-5f), $"point {i} lies on the circle");
            }
        }
        // The sine's x and the circle's angle cover their ranges (uniform draws: each quarter holds about 500).
        var quarters = all.Clean.Where((_, k) => k % 2 == 0).Take(2000).GroupBy(x => (int)((x + 2.2f) / 1.1f)).Select(g => g.Count());
        Assert.That(quarters, Is.All.InRange(400, 600));
        // Noise: 8,000 draws of N(0, 0.06^2); mean within 4 standard errors (0.0027), standard deviation within 3 %.
        var noise = all.Points.Zip(all.Clean, (p, c) => (double)(p - c)).ToArray();
        double mean = noise.Average(), sd = Math.Sqrt(noise.Select(n => (n - mean) * (n - mean)).Average());
        Assert.That(mean, Is.InRange(-0.0027, 0.0027));
        Assert.That(sd, Is.EqualTo(0.06).Within(0.06 * 0.03));
        Assert.That(ToyData.Generate(seed: 3).Points, Is.EqualTo(all.Points), "a seed gives the same points");
        Assert.That(ToyData.Generate(seed: 4).Points, Is.Not.EqualTo(all.Points));
    }

    [Test]
    public void SplitIsSeededSeventyFiveTwentyFiveAndLosesNothing()
    {
        var all = ToyData.Generate(seed: 5);
        var (train, test) = ToyData.Split(all, seed: 5);
        Assert.That((train.Count, test.Count), Is.EqualTo((3000, 1000)));
        Assert.That(test.Labels.Count(l => l == 1), Is.InRange(430, 570), "both curves in the test part");
        var key = (ToyPoints p, int i) => (p.Points[2 * i], p.Points[2 * i + 1], p.Labels[i]);
        var original = Enumerable.Range(0, all.Count).Select(i => key(all, i)).OrderBy(t => t).ToList();
        var joined = Enumerable.Range(0, 3000).Select(i => key(train, i)).Concat(Enumerable.Range(0, 1000).Select(i => key(test, i)))
            .OrderBy(t => t).ToList();
        Assert.That(joined, Is.EqualTo(original));
        Assert.That(ToyData.Load(seed: 5).Test.Points, Is.EqualTo(test.Points));
        Assert.That(ToyData.Split(all, seed: 6).Test.Points, Is.Not.EqualTo(test.Points));
        var (sine, circle) = ToyData.Curves(5);
        Assert.That(sine[..2], Is.EqualTo(new[] { -2.2f, MathF.Sin(-2.2f) }));
        Assert.That(circle[..2], Is.EqualTo(new[] { 2.0f, -0.5f }));
    }

    [Test]
    public void ShapesNamesAndTheLabelReachesTheDecoder()
    {
        Generator.ManualSeed(11);
        var conditional = new ToyAutoencoder(conditional: true);
        var plain = new ToyAutoencoder(conditional: false);
        var names = conditional.StateDict().Select(e => e.Name).ToList();
        Assert.That(names, Is.EqualTo(new[]
        {
            "encoder.0.weight", "encoder.0.bias", "encoder.2.weight", "encoder.2.bias", "encoder.4.weight", "encoder.4.bias",
            "decoder.0.weight", "decoder.0.bias", "decoder.2.weight", "decoder.2.bias", "decoder.4.weight", "decoder.4.bias",
        }));
        Assert.That(((Linear)conditional.Encoder[0]).Weight.Shape, Is.EqualTo(new Shape(32, 3)));
        Assert.That(((Linear)conditional.Decoder[0]).Weight.Shape, Is.EqualTo(new Shape(64, 2)));
        Assert.That(((Linear)plain.Encoder[0]).Weight.Shape, Is.EqualTo(new Shape(32, 2)));
        Assert.That(((LeakyReLU)plain.Decoder[1]).NegativeSlope, Is.EqualTo(0.2f));

        using var noGrad = NoGrad.Scope();
        var points = Tensor.FromArray([0.5f, 0.2f, 0.5f, 0.2f], 2, 2);
        Assert.That(plain.Forward(points).Shape, Is.EqualTo(new Shape(2, 2)));
        Assert.That(conditional.Encode(points, Tensor.FromArray([0f, 1f], 2, 1)).Shape, Is.EqualTo(new Shape(2, 1)));
        var z = Tensor.FromArray([0.3f, 0.3f], 2, 1);
        var decoded = conditional.Decode(z, Tensor.FromArray([0f, 1f], 2, 1)).ToArray();
        Assert.That(Math.Abs(decoded[0] - decoded[2]) + Math.Abs(decoded[1] - decoded[3]), Is.GreaterThan(1e-4), "label 0 and 1 decode z differently");
        var error = Assert.Throws<ArgumentException>(() => conditional.Forward(points))!;
        Assert.That(error.Message, Does.Contain("labels of shape (2, 1)"));
        Assert.Throws<ArgumentException>(() => plain.Forward(points, Tensor.Zeros(2, 1)));
    }

    [Test]
    public void ThePlanTrainsBothModels()
    {
        var (train, test) = ToyData.Load(seed: 1);
        Generator.ManualSeed(12);
        var plain = new ToyAutoencoder(conditional: false);
        var conditional = new ToyAutoencoder(conditional: true);
        // A short version of the plan (400 epochs at lr 1e-2) keeps the test quick; seed 1 then favours the conditional model.
        var options = new ToyFitOptions(MaxEpochs: 400, LearningRate: 1e-2f);
        var epochs = new List<int>();
        var plainRun = ToyTraining.Fit(plain, train, test, options, (epoch, _, _, _) => epochs.Add(epoch));
        var conditionalRun = ToyTraining.Fit(conditional, train, test, options);
        Assert.That(epochs, Is.EqualTo(Enumerable.Range(0, plainRun.Epochs)));
        Assert.That(plainRun.TrainMse[^1], Is.LessThan(plainRun.TrainMse[0] * 0.5f));
        Assert.That(conditionalRun.FinalValidationMse, Is.EqualTo(ToyTraining.Evaluate(conditional, test)).Within(1e-6f));
        Assert.That(conditionalRun.FinalValidationMse, Is.LessThan(plainRun.FinalValidationMse),
            $"conditional {conditionalRun.FinalValidationMse} vs unconditional {plainRun.FinalValidationMse}");
        Assert.That(ToyTraining.Reconstruct(conditional, test), Has.Length.EqualTo(2000));
    }

    [Test]
    public void PlanStopsWhenTheLearningRateFallsBelowTheFloor()
    {
        var (train, test) = ToyData.Split(ToyData.Generate(seed: 2, perCurve: 50), seed: 2);
        Generator.ManualSeed(13);
        // Patience 0, factor 0.1, from 1e-3: every epoch that does not improve by 0.01 % cuts the rate; 1e-7 < 1e-6 stops.
        var run = ToyTraining.Fit(new ToyAutoencoder(false), train, test, new ToyFitOptions(MaxEpochs: 5000, Patience: 0, LearningRate: 1e-3f));
        Assert.That(run.FinalLearningRate, Is.LessThan(1e-6f));
        Assert.That(run.Epochs, Is.LessThan(5000));
        Assert.That(run.ValidationMse, Has.Count.EqualTo(run.Epochs));
    }
}
