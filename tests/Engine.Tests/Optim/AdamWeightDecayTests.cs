// Adam's weight decay is torch.optim.Adam's L2 form (wd p added to the gradient before the moments, not AdamW's decoupled
// decay): three steps by hand on two values; and `train --weight-decay` (the notebook's interpolation AE: 1e-5) reaches
// the Adam of a family with one optimizer. PyTorch's own numbers: OptimizerParityTests' adam_wd case.
namespace Engine.Tests.Optim;

using Engine.Models.Training;
using Engine.Nn;

public class AdamWeightDecayTests
{
    [Test]
    public void ThreeStepsMatchTheL2FormByHand()
    {
        float[] start = [2f, -0.5f], grad = [0.3f, 0.1f];                            // a loss c . p: its gradient is c
        const float lr = 0.1f, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, wd = 0.2f;
        var parameter = new Parameter(Tensor.FromArray((float[])start.Clone(), 2));
        var adam = new Adam([parameter], lr, beta1, beta2, eps, wd);
        var c = Tensor.FromArray(grad, 2);
        double[] p = [start[0], start[1]], m = new double[2], v = new double[2];
        for (int t = 1; t <= 3; t++)
        {
            adam.ZeroGrad();
            (parameter.Value * c).Sum().Backward();
            adam.Step();
            for (int i = 0; i < 2; i++)
            {
                double g = grad[i] + wd * p[i];                                      // torch.optim.Adam: grad + wd p
                m[i] = beta1 * m[i] + (1 - beta1) * g;
                v[i] = beta2 * v[i] + (1 - beta2) * g * g;
                p[i] -= lr / (1 - Math.Pow(beta1, t)) * m[i] / (Math.Sqrt(v[i]) / Math.Sqrt(1 - Math.Pow(beta2, t)) + eps);
            }
        }
        Assert.That(parameter.Value.ToArray().Select(x => (double)x), Is.EqualTo(p).Within(1e-5));
        var noDecay = new Parameter(Tensor.FromArray((float[])start.Clone(), 2));
        var plain = new Adam([noDecay], lr, beta1, beta2, eps);
        for (int t = 0; t < 3; t++)
        {
            plain.ZeroGrad();
            (noDecay.Value * c).Sum().Backward();
            plain.Step();
        }
        Assert.That(noDecay.Value.ToArray()[1], Is.Not.EqualTo((float)p[1]).Within(1e-4), "the decay changes the path");
    }

    [Test]
    public void TrainWeightDecayReachesTheFamilysAdam()
    {
        var (experiment, _) = new RunDriver { Log = _ => { } }.Prepare(new RunConfig
        {
            Family = "ae", Recipe = Recipes.Notebook, Dataset = Engine.Nn.Data.Datasets.Mnist, Latent = 4, Limit = 8, TestLimit = 4, WeightDecay = 1e-5f,
        });
        Assert.That(((Adam)experiment.Optimizers.Single().Optimizer).WeightDecay, Is.EqualTo(1e-5f));
    }
}
