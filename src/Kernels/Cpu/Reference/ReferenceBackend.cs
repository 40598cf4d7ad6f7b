// The CPU reference backend: every IBackend primitive as the plain loops in this folder.
// Generic over the element type so gradchecks can run it in float64; it is the oracle for the fast
// CPU backend and for CUDA. Each method checks buffer sizes, then calls one kernel.
namespace Engine.Kernels.Cpu.Reference;

/// <summary>Every primitive as plain loops, generic over float and double: the oracle for the fast backends and for gradchecks.</summary>
public sealed class ReferenceBackend<T> : IBackend
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly CpuBufferPool<T> _pool = new();

    public string Name => typeof(T) == typeof(double) ? "cpu-reference-f64" : "cpu-reference";

    public Device Device => Device.Cpu;

    public CpuBufferPool<T> Pool => _pool;

    public DeviceBuffer Allocate(int length) => _pool.Rent(length);

    public long AllocatedBytes => _pool.LiveBytes;

    public void Synchronize()
    {
    }

    public void Dispose() => _pool.Trim();

    public void Fill(float value, int count, DeviceBuffer output) => Out(output, count).Fill(C(value));

    public void CopyBlocks(
        DeviceBuffer input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, DeviceBuffer output)
    {
        if (blockCount == 0 || blockLength == 0)
        {
            return;
        }
        int inputNeeded = inputOffset + (blockCount - 1) * inputStride + blockLength;
        int outputNeeded = outputOffset + (blockCount - 1) * outputStride + blockLength;
        ReferenceCopy.Blocks<T>(In(input, inputNeeded), blockCount, blockLength, inputStride, inputOffset,
            outputStride, outputOffset, Out(output, outputNeeded));
    }

    public void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output) =>
        ReferenceElementwise.Unary(op, In(input, count), C(alpha), C(beta), Out(output, count));

    public void UnaryBackward(
        UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput, int count, float alpha, float beta,
        DeviceBuffer dInput) =>
        ReferenceElementwise.UnaryBackward(op, In(input, count), In(output, count), In(dOutput, count), C(alpha), C(beta),
            Out(dInput, count));

    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output)
    {
        CheckBroadcast(count, bLength, bInner);
        ReferenceElementwise.Binary(op, In(a, count), In(b, bLength), bInner, Out(output, count));
    }

    public void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output) =>
        ReferenceElementwise.AddScaled(In(a, count), In(b, count), C(scale), Out(output, count));

    public void Sum(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output) =>
        ReferenceReduction.Sum(In(input, outer * middle * inner), outer, middle, inner, Out(output, outer * inner));

    public void SumToMiddle(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output) =>
        ReferenceReduction.SumToMiddle(In(input, outer * middle * inner), outer, middle, inner, Out(output, middle));

    public void Gemm(
        DeviceBuffer a, DeviceBuffer b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta,
        DeviceBuffer c) =>
        ReferenceGemm.Run(In(a, m * k), In(b, k * n), m, n, k, transposeA, transposeB, C(alpha), C(beta), Out(c, m * n));

    public void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output)
    {
        g.Validate();
        ReferenceConv.Forward(In(input, g.InputLength), In(weight, g.WeightLength), g, Out(output, g.OutputLength));
    }

    public void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput)
    {
        g.Validate();
        ReferenceConv.BackwardData(In(dOutput, g.OutputLength), In(weight, g.WeightLength), g, Out(dInput, g.InputLength));
    }

    public void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight)
    {
        g.Validate();
        ReferenceConv.BackwardWeight(In(input, g.InputLength), In(dOutput, g.OutputLength), g, Out(dWeight, g.WeightLength));
    }

    public void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar) =>
        ReferenceBatchNorm.ForwardTrain(In(input, n * c * s), In(gamma, c), In(beta, c), n, c, s, C(eps), C(momentum),
            Out(output, n * c * s), Out(saveMean, c), Out(saveInvStd, c), Out(runningMean, c), Out(runningVar, c));

    public void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output) =>
        ReferenceBatchNorm.ForwardEval(In(input, n * c * s), In(gamma, c), In(beta, c), In(runningMean, c), In(runningVar, c),
            n, c, s, C(eps), Out(output, n * c * s));

    public void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta) =>
        ReferenceBatchNorm.Backward(In(input, n * c * s), In(gamma, c), In(saveMean, c), In(saveInvStd, c), In(dOutput, n * c * s),
            n, c, s, Out(dInput, n * c * s), Out(dGamma, c), Out(dBeta, c));

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output) =>
        ReferenceSoftmax.Forward(In(input, rows * cols), rows, cols, log, Out(output, rows * cols));

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput) =>
        ReferenceSoftmax.Backward(In(output, rows * cols), In(dOutput, rows * cols), rows, cols, log, Out(dInput, rows * cols));

    public void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output) =>
        ReferenceLoss.BceForward(In(prediction, count), In(target, count), Out(output, 1));

    public void BceBackward(
        DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput) =>
        ReferenceLoss.BceBackward(In(prediction, count), In(target, count), In(dOutput, 1)[0], C(scale), Out(dInput, count));

    public void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output) =>
        ReferenceLoss.CrossEntropyForward(In(logits, rows * cols), In(target, rows * cols), rows, cols, Out(output, 1));

    public void CrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale, DeviceBuffer dInput) =>
        ReferenceLoss.CrossEntropyBackward(In(logits, rows * cols), In(target, rows * cols), rows, cols, In(dOutput, 1)[0], C(scale),
            Out(dInput, rows * cols));

    public void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output) =>
        ReferenceRandom.Uniform(seed, offset, C(low), C(high), Out(output, count));

    public void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output) =>
        ReferenceRandom.Normal(seed, offset, C(mean), C(std), Out(output, count));

    public void Reparametrize(
        DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps) =>
        ReferenceRandom.Reparametrize(In(mu, count), In(logVar, count), seed, offset, Out(z, count), Out(eps, count));

    public void ReparametrizeBackward(
        DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar) =>
        ReferenceRandom.ReparametrizeBackward(In(logVar, count), In(eps, count), In(dZ, count), Out(dMu, count), Out(dLogVar, count));

    public void AdamStep(
        DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v) =>
        ReferenceOptimizer.AdamStep(In(grad, count), C(lr), C(beta1), C(beta2), C(eps), C(weightDecay), step,
            Out(param, count), Out(m, count), Out(v, count));

    public void SgdStep(
        DeviceBuffer grad, int count, float lr, float momentum, float weightDecay, DeviceBuffer param, DeviceBuffer momentumBuffer) =>
        ReferenceOptimizer.SgdStep(In(grad, count), C(lr), C(momentum), C(weightDecay), Out(param, count), Out(momentumBuffer, count));

    private static T C(float value) => T.CreateTruncating(value);

    internal static void CheckBroadcast(int count, int bLength, int bInner)
    {
        if (bLength <= 0 || bInner <= 0 || count % ((long)bLength * bInner) != 0)
        {
            throw new ArgumentException($"Operand of length {bLength} (inner {bInner}) does not broadcast over {count} elements.");
        }
    }

    private static ReadOnlySpan<T> In(DeviceBuffer buffer, int needed) => Out(buffer, needed);

    private static Span<T> Out(DeviceBuffer buffer, int needed)
    {
        if (buffer is not CpuBuffer<T> cpu)
        {
            throw new ArgumentException(
                $"Buffer on {buffer.Device} ({buffer.GetType().Name}) passed to the CPU backend for {typeof(T).Name}; " +
                "move the tensor to this backend first with Tensor.To(backend).");
        }
        if (cpu.Length < needed)
        {
            throw new ArgumentException($"Buffer has {cpu.Length} elements but the primitive needs {needed}.");
        }
        return cpu.Span[..needed];
    }
}
