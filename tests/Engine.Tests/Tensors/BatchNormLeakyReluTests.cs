// Batch-norm followed by LeakyReLU as one primitive (what Sequential runs for the course's blocks) against the two
// layers applied one after the other: the same output and running statistics, and gradients equal to rounding, on the
// fast CPU backend (its fused kernels from 32-value planes up, the two primitives below) and the reference.
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
            // (N, C, H, W): planes of 196 and 1024 values (fused), 49 (fused, with a scalar tail), 4 (separate passes)
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
        var fused = new Sequential(new BatchNorm2d(3), new LeakyReLU(0.1f));
        var norm = new BatchNorm2d(3);
        var x = Tensor.RandN(shape, new Generator(5));
        fused.Forward(x);                                   // one training step moves the running statistics
        norm.Forward(x);
        fused.Eval();
        norm.Eval();
        Assert.That(fused.Forward(x).ToArray(), Is.EqualTo(norm.Forward(x).LeakyRelu(0.1f).ToArray()));
    }

    [Test]
    public void ANegativeSlopeRunsTheLayersApart()
    {
        // y > 0 marks z > 0 only for slopes >= 0; Sequential leaves other slopes to the two layers
        var shape = new Shape(2, 3, 8, 8);
        var x = Tensor.RandN(shape, new Generator(6));
        var pair = new Sequential(new BatchNorm2d(3), new LeakyReLU(-0.5f));
        Assert.That(pair.Forward(x).ToArray(), Is.EqualTo(new BatchNorm2d(3).Forward(x).LeakyRelu(-0.5f).ToArray()));
        Assert.Throws<ArgumentException>(() => Functional.BatchNorm(x, Tensor.Ones(new Shape(3)), Tensor.Zeros(new Shape(3)),
            Tensor.Zeros(new Shape(3)), Tensor.Ones(new Shape(3)), training: true, leakySlope: -0.5f));
    }

    // One training-mode forward and backward of loss = sum(y * w); returns y, [dx, dgamma, dbeta] and the norm layer.
    private static (float[] Output, float[][] Grads, BatchNorm2d Norm) Run(IBackend backend, Shape shape, bool fused)
    {
        var norm = new BatchNorm2d(shape[1]);
        norm.Weight.Value.CopyFrom(Tensor.RandU(new Shape(shape[1]), 0.5f, 1.5f, new Generator(2)));
        norm.Bias.Value.CopyFrom(Tensor.RandN(new Shape(shape[1]), new Generator(3)));
        norm.To(backend);
        var activation = new LeakyReLU(0.01f);
        var x = Tensor.RandN(shape, new Generator(1), backend);
        x.RequiresGrad = true;
        var w = Tensor.RandN(shape, new Generator(4), backend);
        var y = fused ? new Sequential(norm, activation).Forward(x) : activation.Forward(norm.Forward(x));
        (y * w).Sum().Backward();
        return (y.ToArray(), [x.Grad!.ToArray(), norm.Weight.Value.Grad!.ToArray(), norm.Bias.Value.Grad!.ToArray()], norm);
    }
}
