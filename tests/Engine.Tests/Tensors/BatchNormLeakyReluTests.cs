// BatchNormLeakyRelu2d (batch norm then LeakyReLU as one primitive, the course's blocks) against BatchNorm2d and LeakyReLU
// applied one after the other: the same output and running statistics, and gradients equal to rounding, on the fast CPU
// backend (its fused kernels plane by plane from 32 values up, by image blocks below) and the reference; its state keeps the
// batch norm's names, and a Sequential runs its layers as written.
namespace Engine.Tests.Tensors;

using Engine.Kernels;
using Engine.Nn;
using NUnit.Framework;

public sealed class BatchNormLeakyReluTests
{
    private static IEnumerable<TestCaseData> Cases()
    {
        foreach (var (name, backend) in new[] { ("fast CPU", Backends.Cpu), ("reference", Backends.Reference) })
        {
            // (N, C, H, W): planes of 196 and 1024 values, 49 (a scalar tail), 4 (by image blocks of 9 x 4 values)
            foreach (var shape in new[] { new[] { 8, 5, 14, 14 }, new[] { 3, 4, 32, 32 }, new[] { 6, 7, 7, 7 }, new[] { 16, 9, 2, 2 } })
            {
                yield return new TestCaseData(backend, shape).SetName($"{name} {string.Join('x', shape)}");
            }
        }
    }

    [TestCaseSource(nameof(Cases))]
    public void FusedEqualsTheTwoLayers(IBackend backend, int[] dims)
    {
        var shape = new Shape(dims);
        var (fusedOut, fusedGrads, fusedNorm) = Run(backend, shape, fused: true);
        var (plainOut, plainGrads, plainNorm) = Run(backend, shape, fused: false);
        Assert.That(fusedOut, Is.EqualTo(plainOut), "output");
        Assert.That(fusedNorm.RunningMean.Values!.ToArray(), Is.EqualTo(plainNorm.RunningMean.Values!.ToArray()), "running mean");
        Assert.That(fusedNorm.RunningVar.Values!.ToArray(), Is.EqualTo(plainNorm.RunningVar.Values!.ToArray()), "running variance");
        Assert.That(fusedNorm.BatchesTracked, Is.EqualTo(plainNorm.BatchesTracked));
        string[] names = ["dInput", "dGamma", "dBeta"];
        for (int i = 0; i < names.Length; i++)
        {
            float scale = plainGrads[i].Max(MathF.Abs);
            Assert.That(fusedGrads[i], Is.EqualTo(plainGrads[i]).Within(1e-5f * scale + 1e-7f), names[i]);
        }
    }

    [Test]
    public void EvaluationModeGivesTheTwoLayersResult()
    {
        var shape = new Shape(4, 3, 6, 6);
        var fused = new BatchNormLeakyRelu2d(3, 0.1f);
        var norm = new BatchNorm2d(3);
        var x = Tensor.RandN(shape, new Generator(5));
        fused.Forward(x);                                   // one training step moves the running statistics
        norm.Forward(x);
        fused.Eval();
        norm.Eval();
        Assert.That(fused.Forward(x).ToArray(), Is.EqualTo(norm.Forward(x).LeakyRelu(0.1f).ToArray()));
    }

    [Test]
    public void ANegativeSlopeIsRefused()
    {
        // y > 0 marks z > 0 only for slopes >= 0: the module and the primitive both refuse other slopes
        var x = Tensor.RandN(new Shape(2, 3, 8, 8), new Generator(6));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchNormLeakyRelu2d(3, -0.5f));
        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(x, Tensor.Ones(new Shape(3)), Tensor.Zeros(new Shape(3)),
            Tensor.Zeros(new Shape(3)), Tensor.Ones(new Shape(3)), training: true, leakySlope: -0.5f));
    }

    [Test]
    public void ItTakesTwoPositionsAndKeepsTheBatchNormsNames()
    {
        // PyTorch's Sequential(Conv2d, BatchNorm2d, LeakyReLU, Conv2d): names 0.*, 1.*, (2 holds nothing), 3.*
        var block = new Sequential(new Conv2d(1, 2, 3)).Append(new BatchNormLeakyRelu2d(2, 0.01f), positions: 2).Append(new Conv2d(2, 1, 1));
        Assert.That(block.StateDict().Select(e => e.Name), Is.EqualTo(new[]
        {
            "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked", "3.weight", "3.bias",
        }));
    }

    [Test]
    public void SequentialRunsABatchNormAndALeakyReluAsTwoLayers()
    {
        // No silent fusion: the pair in a Sequential is exactly the two layers' forward, node for node.
        var x = Tensor.RandN(new Shape(4, 3, 5, 5), new Generator(7));
        x.RequiresGrad = true;
        var y = new Sequential(new BatchNorm2d(3), new LeakyReLU(0.01f)).Forward(x);
        var expected = new BatchNorm2d(3).Forward(x).LeakyRelu(0.01f);
        Assert.That(y.ToArray(), Is.EqualTo(expected.ToArray()));
        Assert.That(y.Creator!.GetType(), Is.EqualTo(expected.Creator!.GetType()), "the last node is the LeakyReLU's, not a fused batch norm");
    }

    // One training-mode forward and backward of loss = sum(y * w) through BatchNormLeakyRelu2d (fused) or BatchNorm2d and
    // LeakyReLU; returns y, [dx, dgamma, dbeta] and the norm layer.
    private static (float[] Output, float[][] Grads, BatchNorm Norm) Run(IBackend backend, Shape shape, bool fused)
    {
        BatchNorm norm = fused ? new BatchNormLeakyRelu2d(shape[1], 0.01f) : new BatchNorm2d(shape[1]);
        norm.Weight.Value.CopyFrom(Tensor.RandU(new Shape(shape[1]), 0.5f, 1.5f, new Generator(2)));
        norm.Bias.Value.CopyFrom(Tensor.RandN(new Shape(shape[1]), new Generator(3)));
        norm.To(backend);
        var activation = new LeakyReLU(0.01f);
        var x = Tensor.RandN(shape, new Generator(1), backend);
        x.RequiresGrad = true;
        var w = Tensor.RandN(shape, new Generator(4), backend);
        var y = fused ? norm.Forward(x) : activation.Forward(norm.Forward(x));
        (y * w).Sum().Backward();
        return (y.ToArray(), [x.Grad!.ToArray(), norm.Weight.Value.Grad!.ToArray(), norm.Bias.Value.Grad!.ToArray()], norm);
    }
}
