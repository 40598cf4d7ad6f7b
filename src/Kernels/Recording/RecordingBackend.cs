// An IBackend that runs every primitive on another backend and tells an observer its name and wall time: how the step
// recorder (engine graph, the report's "one step") learns which primitives each autograd node called and what they
// cost. On a GPU it synchronizes before and after each primitive, so each time is that primitive's own (and the step
// runs slower than unrecorded: the recorder reports both). Buffers are the inner backend's, untouched.
namespace Engine.Kernels.Recording;

using System.Diagnostics;

/// <summary>Runs every primitive on <see cref="Inner"/> and reports it, timed, to an <see cref="IPrimitiveObserver"/>.</summary>
public sealed class RecordingBackend(IBackend inner, IPrimitiveObserver observer) : IBackend
{
    private readonly bool _synchronize = inner.Device.Kind != DeviceKind.Cpu;

    /// <summary>The backend that does the work.</summary>
    public IBackend Inner => inner;

    public string Name => inner.Name;

    public Device Device => inner.Device;

    public long AllocatedBytes => inner.AllocatedBytes;

    public DeviceBuffer Allocate(int length) => inner.Allocate(length);

    public void Synchronize() => inner.Synchronize();

    /// <summary>The inner backend is shared: it is not disposed here.</summary>
    public void Dispose()
    {
    }

    private long Begin()
    {
        if (_synchronize) inner.Synchronize();
        return Stopwatch.GetTimestamp();
    }

    private void End(long start, string primitive, string detail = "")
    {
        if (_synchronize) inner.Synchronize();
        observer.OnPrimitive(primitive, detail, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    public void Fill(float value, int count, DeviceBuffer output)
    {
        long t = Begin();
        inner.Fill(value, count, output);
        End(t, "Fill");
    }

    public void CopyBlocks(DeviceBuffer input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, DeviceBuffer output)
    {
        long t = Begin();
        inner.CopyBlocks(input, blockCount, blockLength, inputStride, inputOffset, outputStride, outputOffset, output);
        End(t, "CopyBlocks");
    }

    public void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output)
    {
        long t = Begin();
        inner.Unary(op, input, count, alpha, beta, output);
        End(t, "Unary", op.ToString());
    }

    public void UnaryBackward(UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput, int count, float alpha, float beta,
        DeviceBuffer dInput)
    {
        long t = Begin();
        inner.UnaryBackward(op, input, output, dOutput, count, alpha, beta, dInput);
        End(t, "UnaryBackward", op.ToString());
    }

    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output)
    {
        long t = Begin();
        inner.Binary(op, a, b, count, bLength, bInner, output);
        End(t, "Binary", op.ToString());
    }

    public void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output)
    {
        long t = Begin();
        inner.AddScaled(a, b, count, scale, output);
        End(t, "AddScaled");
    }

    public void Sum(DeviceBuffer input, int outer, int middle, int innerSize, DeviceBuffer output)
    {
        long t = Begin();
        inner.Sum(input, outer, middle, innerSize, output);
        End(t, "Sum");
    }

    public void SumToMiddle(DeviceBuffer input, int outer, int middle, int innerSize, DeviceBuffer output)
    {
        long t = Begin();
        inner.SumToMiddle(input, outer, middle, innerSize, output);
        End(t, "SumToMiddle");
    }

    public void Gemm(DeviceBuffer a, DeviceBuffer b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta, DeviceBuffer c)
    {
        long t = Begin();
        inner.Gemm(a, b, m, n, k, transposeA, transposeB, alpha, beta, c);
        End(t, "Gemm", $"{m}x{n}x{k}");
    }

    public void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output)
    {
        long t = Begin();
        inner.Conv2dForward(input, weight, g, output);
        End(t, "Conv2dForward", Geometry(g));
    }

    public void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput)
    {
        long t = Begin();
        inner.Conv2dBackwardData(dOutput, weight, g, dInput);
        End(t, "Conv2dBackwardData", Geometry(g));
    }

    public void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight)
    {
        long t = Begin();
        inner.Conv2dBackwardWeight(input, dOutput, g, dWeight);
        End(t, "Conv2dBackwardWeight", Geometry(g));
    }

    public void BatchNormForwardTrain(DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar)
    {
        long t = Begin();
        inner.BatchNormForwardTrain(input, gamma, beta, n, c, s, eps, momentum, output, saveMean, saveInvStd, runningMean, runningVar);
        End(t, "BatchNormForwardTrain");
    }

    public void BatchNormForwardEval(DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output)
    {
        long t = Begin();
        inner.BatchNormForwardEval(input, gamma, beta, runningMean, runningVar, n, c, s, eps, output);
        End(t, "BatchNormForwardEval");
    }

    public void BatchNormBackward(DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        long t = Begin();
        inner.BatchNormBackward(input, gamma, saveMean, saveInvStd, dOutput, n, c, s, dInput, dGamma, dBeta);
        End(t, "BatchNormBackward");
    }

    public void BatchNormLeakyReluForwardTrain(DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps,
        float momentum, float slope, DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean,
        DeviceBuffer runningVar)
    {
        long t = Begin();
        inner.BatchNormLeakyReluForwardTrain(input, gamma, beta, n, c, s, eps, momentum, slope, output, saveMean, saveInvStd, runningMean, runningVar);
        End(t, "BatchNormLeakyReluForwardTrain");
    }

    public void BatchNormLeakyReluBackward(DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer saveMean,
        DeviceBuffer saveInvStd, DeviceBuffer output, DeviceBuffer dOutput, int n, int c, int s, float slope,
        DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        long t = Begin();
        inner.BatchNormLeakyReluBackward(input, gamma, beta, saveMean, saveInvStd, output, dOutput, n, c, s, slope, dInput, dGamma, dBeta);
        End(t, "BatchNormLeakyReluBackward");
    }

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output)
    {
        long t = Begin();
        inner.Softmax(input, rows, cols, log, output);
        End(t, "Softmax", log ? "log" : "");
    }

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput)
    {
        long t = Begin();
        inner.SoftmaxBackward(output, dOutput, rows, cols, log, dInput);
        End(t, "SoftmaxBackward", log ? "log" : "");
    }

    public void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output)
    {
        long t = Begin();
        inner.BceForward(prediction, target, count, output);
        End(t, "BceForward");
    }

    public void BceBackward(DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput)
    {
        long t = Begin();
        inner.BceBackward(prediction, target, dOutput, count, scale, dInput);
        End(t, "BceBackward");
    }

    public void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output)
    {
        long t = Begin();
        inner.CrossEntropyForward(logits, target, rows, cols, output);
        End(t, "CrossEntropyForward");
    }

    public void CrossEntropyBackward(DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale,
        DeviceBuffer dInput)
    {
        long t = Begin();
        inner.CrossEntropyBackward(logits, target, dOutput, rows, cols, scale, dInput);
        End(t, "CrossEntropyBackward");
    }

    public void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output)
    {
        long t = Begin();
        inner.RandomUniform(seed, offset, count, low, high, output);
        End(t, "RandomUniform");
    }

    public void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output)
    {
        long t = Begin();
        inner.RandomNormal(seed, offset, count, mean, std, output);
        End(t, "RandomNormal");
    }

    public void Reparametrize(DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps)
    {
        long t = Begin();
        inner.Reparametrize(mu, logVar, seed, offset, count, z, eps);
        End(t, "Reparametrize");
    }

    public void ReparametrizeBackward(DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar)
    {
        long t = Begin();
        inner.ReparametrizeBackward(logVar, eps, dZ, count, dMu, dLogVar);
        End(t, "ReparametrizeBackward");
    }

    public void AdamStep(DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v)
    {
        long t = Begin();
        inner.AdamStep(grad, count, lr, beta1, beta2, eps, weightDecay, step, param, m, v);
        End(t, "AdamStep");
    }

    public void SgdStep(DeviceBuffer grad, int count, float lr, float momentum, float weightDecay, DeviceBuffer param, DeviceBuffer momentumBuffer)
    {
        long t = Begin();
        inner.SgdStep(grad, count, lr, momentum, weightDecay, param, momentumBuffer);
        End(t, "SgdStep");
    }

    private static string Geometry(ConvGeometry g) => $"C{g.C} K{g.K} {g.H}x{g.W} k{g.R} s{g.StrideH}";
}
