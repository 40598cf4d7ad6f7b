// The disentangled AAE's adversarial label term on a toy: points x = (2 (2y - 1), n1, n2), y in {0, 1}, n ~ N(0, 1),
// an encoder z = tanh(W x) to a 2-D code (bounded, as the AAE's prior bounds its codes: unbounded, the encoder would rather
// blow the noise up than drop the label) and a linear decoder reading z ⊕ one-hot(y) (as the disentangled AAE's), trained on
// MSE, and a label predictor P trained (three steps per encoder step) on the detached codes. Nothing asks a plain encoder to drop the label direction it
// mixes into z from the start, so a probe reads the label from z; with a second step per batch in which the encoder
// minimises CE(P(z), uniform) (the confusion term of DisentangledAdversarialAutoencoder, with its own Adam as in the AAE's
// phases) the probe reads no more than a guess. B = points.
namespace Engine.Tests.Families.AaeDisentangled;

using Engine.Models;
using Engine.Models.Experiments;
using Engine.Nn;
using F = Engine.Functional;

public class AaeToyTests
{
    private const int Points = 256, Steps = 600, AdversarySteps = 3;

    [Test]
    public void TheAdversarialLabelTermLowersWhatThePredictorReadsFromTheCode()
    {
        double plain = ProbeAfterTraining(adversarial: false);
        double adversarial = ProbeAfterTraining(adversarial: true);
        Assert.That(plain, Is.GreaterThan(0.9), "without the term the code carries the label");
        Assert.That(adversarial, Is.LessThan(0.65), "with it the probe is near a guess (0.5)");
    }

    private static double ProbeAfterTraining(bool adversarial)
    {
        var g = new Generator(21);
        var noise = Tensor.RandN(new Shape(Points, 3), g).ToArray();
        var labels = Tensor.RandU(new Shape(Points), 0f, 1f, g).ToArray().Select(u => u < 0.5f ? 0 : 1).ToArray();
        var points = new float[Points * 3];
        for (int i = 0; i < Points; i++)
        {
            points[3 * i] = 2f * (2 * labels[i] - 1);
            (points[3 * i + 1], points[3 * i + 2]) = (noise[3 * i + 1], noise[3 * i + 2]);
        }
        var x = Tensor.FromArray(points, Points, 3);
        var encoder = new Linear(3, 2, generator: g);
        var decoder = new Linear(2 + 2, 3, generator: g);
        var oneHot = Tensor.OneHot(labels, 2);                                       // (B, 2)
        var predictor = new LabelPredictor(2, 2, g);
        var autoencoder = new Adam(encoder.Parameters().Concat(decoder.Parameters()), 1e-2f);
        var adversary = new Adam(predictor.Parameters(), 1e-2f);
        var generator = new Adam(encoder.Parameters(), 1e-2f);                      // the encoder's adversarial step, as in the AAE
        for (int step = 0; step < Steps; step++)
        {
            using var scope = Engine.Memory.TensorScope.Begin();
            autoencoder.ZeroGrad();
            var z = encoder.Forward(x).Tanh();                                       // (B, 2), bounded as a prior bounds the AAE's codes
            F.MseLoss(decoder.Forward(Tensor.Concat(1, z, oneHot)), x).Backward();
            autoencoder.Step();
            if (adversarial)
            {
                generator.ZeroGrad();
                DisentangledAdversarialAutoencoder.ConfusionLoss(predictor.Forward(encoder.Forward(x).Tanh())).Backward();
                generator.Step();
            }

            Tensor codes;
            using (Engine.Autograd.NoGrad.Scope()) codes = encoder.Forward(x).Tanh();
            for (int k = 0; k < AdversarySteps; k++)                                 // a well-trained adversary
            {
                adversary.ZeroGrad();
                Classifier.Loss(predictor.Forward(codes), labels).Backward();
                adversary.Step();
            }
        }
        float[] final;
        using (Engine.Autograd.NoGrad.Scope()) final = encoder.Forward(x).Tanh().ToArray();
        return LatentProbe.Accuracy(final, 2, labels, 2, seed: 5);
    }
}
