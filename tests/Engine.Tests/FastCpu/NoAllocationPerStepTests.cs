// A training-like sequence of primitives (conv, batch-norm, activation, conv-transpose, loss, every backward,
// Adam) repeated: on one thread neither the tensor buffer pool nor the kernel scratch pool grows after the first round;
// on two, the scratch pool holds at most one set of arrays per thread.
namespace Engine.Tests.FastCpu;

using Engine.Kernels;
using Engine.Kernels.Cpu;
using NUnit.Framework;

public sealed class NoAllocationPerStepTests
{
    [Test]
    public void RepeatedStepsCreateNoNewArrays()
    {
        // One thread: the same arrays every step. Two threads: kernels rent scratch per parallel chunk, and how many
        // chunks run at the same time depends on when the second thread takes one, so the scratch pool may grow until
        // it holds one set per thread, never beyond; the tensor buffers are all taken on the calling thread.
        var (buffers, scratch) = CreatedArrays(threads: 1, steps: 1);
        Assert.That(CreatedArrays(threads: 1, steps: 4), Is.EqualTo((buffers, scratch)), "arrays created after the first step");
        var (buffers2, scratch2) = CreatedArrays(threads: 2, steps: 8);
        Assert.That(buffers2, Is.EqualTo(buffers), "tensor buffers on two threads");
        Assert.That(scratch2, Is.LessThanOrEqualTo(2 * scratch), "scratch arrays on two threads: at most one set per thread");
    }

    // The tensor buffers and scratch arrays a fresh backend has created after `steps` steps.
    private static (long Buffers, long Scratch) CreatedArrays(int threads, int steps)
    {
        using var backend = new CpuBackend(threads);
        var conv = new ConvGeometry(8, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1);            // 1 -> 32, 28 -> 14
        var deconv = new ConvGeometry(8, 1, 28, 28, 32, 3, 3, 2, 2, 1, 1);          // its transpose, 32 -> 1, 14 -> 28
        using var weight = Filled(backend, conv.WeightLength, 0.01f);
        using var gamma = Filled(backend, 32, 1f);
        using var beta = Filled(backend, 32, 0f);
        using var runningMean = Filled(backend, 32, 0f);
        using var runningVar = Filled(backend, 32, 1f);
        using var adamM = Filled(backend, conv.WeightLength, 0f);
        using var adamV = Filled(backend, conv.WeightLength, 0f);
        using var input = Filled(backend, conv.InputLength, 0.5f);
        for (int step = 1; step <= steps; step++)
        {
            Step(backend, conv, deconv, weight, gamma, beta, runningMean, runningVar, adamM, adamV, input, step);
        }
        return (backend.Pool.ArraysCreated, backend.Scratch.ArraysCreated);
    }

    private static void Step(
        CpuBackend b, ConvGeometry conv, ConvGeometry deconv, DeviceBuffer weight, DeviceBuffer gamma, DeviceBuffer beta,
        DeviceBuffer runningMean, DeviceBuffer runningVar, DeviceBuffer adamM, DeviceBuffer adamV, DeviceBuffer input, int step)
    {
        int s = conv.P * conv.Q, count = conv.OutputLength;
        // A scope: every intermediate of the step is disposed (returned to the pool) at its end.
        using var hidden = b.Allocate(count);
        using var normed = b.Allocate(count);
        using var mean = b.Allocate(32);
        using var invStd = b.Allocate(32);
        using var activated = b.Allocate(count);
        using var reconstruction = b.Allocate(conv.InputLength);
        using var loss = b.Allocate(1);
        using var dLoss = Filled(b, 1, 1f);
        using var dReconstruction = b.Allocate(conv.InputLength);
        using var dActivated = b.Allocate(count);
        using var dNormed = b.Allocate(count);
        using var dHidden = b.Allocate(count);
        using var dGamma = b.Allocate(32);
        using var dBeta = b.Allocate(32);
        using var dWeight = b.Allocate(conv.WeightLength);
        using var dWeight2 = b.Allocate(conv.WeightLength);
        using var dInput = b.Allocate(conv.InputLength);
        using var gram = b.Allocate(32 * 32);

        b.Conv2dForward(input, weight, conv, hidden);
        b.BatchNormForwardTrain(hidden, gamma, beta, conv.N, 32, s, 1e-5f, 0.1f, normed, mean, invStd, runningMean, runningVar);
        b.Unary(UnaryOp.LeakyRelu, normed, count, 0.2f, 0f, activated);
        b.Conv2dBackwardData(activated, weight, deconv, reconstruction);              // conv-transpose forward
        b.Unary(UnaryOp.Sigmoid, reconstruction, conv.InputLength, 0f, 0f, reconstruction);
        b.BceForward(reconstruction, input, conv.InputLength, loss);
        b.BceBackward(reconstruction, input, dLoss, conv.InputLength, 1f / conv.InputLength, dReconstruction);
        b.UnaryBackward(UnaryOp.Sigmoid, reconstruction, reconstruction, dReconstruction, conv.InputLength, 0f, 0f, dReconstruction);
        b.Conv2dForward(dReconstruction, weight, deconv, dActivated);                 // conv-transpose backward-data
        b.Conv2dBackwardWeight(dReconstruction, activated, deconv, dWeight2);
        b.UnaryBackward(UnaryOp.LeakyRelu, normed, activated, dActivated, count, 0.2f, 0f, dNormed);
        b.BatchNormBackward(hidden, gamma, mean, invStd, dNormed, conv.N, 32, s, dHidden, dGamma, dBeta);
        b.Conv2dBackwardWeight(input, dHidden, conv, dWeight);
        b.Conv2dBackwardData(dHidden, weight, conv, dInput);
        b.AddScaled(dWeight, dWeight2, conv.WeightLength, 1f, dWeight);
        b.Gemm(dWeight, dWeight2, 32, 32, 9, false, true, 1f, 0f, gram);
        b.AdamStep(dWeight, conv.WeightLength, 1e-3f, 0.9f, 0.999f, 1e-8f, 0f, step, weight, adamM, adamV);
    }

    private static DeviceBuffer Filled(CpuBackend backend, int length, float value)
    {
        var buffer = backend.Allocate(length);
        backend.Fill(value, length, buffer);
        return buffer;
    }
}
