// The CPU backend used for training (float32): blocked SGEMM, convolution through it, fused batch-norm,
// vectorised elementwise ops, losses and optimizers (Fast/, Gemm/), each tested against ReferenceBackend<float>.
// Primitives without a fast kernel (small or rare ones) forward to the reference loops.
namespace Engine.Kernels.Cpu;

using Engine.Kernels.Cpu.Conv;
using Engine.Kernels.Cpu.Fast;
using Engine.Kernels.Cpu.Gemm;
using Engine.Kernels.Cpu.Reference;
using Engine.Kernels.Cpu.Simd;

/// <summary>The float32 CPU backend used for training: blocked SGEMM, fused batch-norm, vectorised elementwise ops, each tested against the reference.</summary>
public sealed unsafe class CpuBackend : IBackend
{
    private readonly ReferenceBackend<float> _reference = new();
    private int _threads;

    /// <param name="threads">Threads every parallel kernel may use; 0 means Environment.ProcessorCount.</param>
    /// <param name="simd">The vector width of the fast kernels (GEMM, convolutions, batch norm); Auto picks the widest this
    /// CPU accelerates, Scalar runs the GEMM route with the scalar micro-kernel. A width the CPU does not accelerate is refused.</param>
    public CpuBackend(int threads = 0, SimdLevel simd = SimdLevel.Auto)
    {
        Threads = threads;
        Simd = SimdWidths.Resolve(simd);
    }

    public string Name => "cpu";

    public Device Device => Device.Cpu;

    /// <summary>Threads every parallel kernel uses (at least 1); setting 0 restores Environment.ProcessorCount.</summary>
    public int Threads
    {
        get => _threads;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _threads = value == 0 ? Environment.ProcessorCount : value;
        }
    }

    /// <summary>Stride-2 backward passes by input phase: by shape (default), always (tests), never (A/B timing).</summary>
    internal PhaseSplit PhaseSplit { get; set; }

    /// <summary>The vector width the fast kernels run at (never Auto: resolved when the backend is made).</summary>
    public SimdLevel Simd { get; }

    /// <summary>The pool tensor buffers come from.</summary>
    public CpuBufferPool<float> Pool => _reference.Pool;

    /// <summary>The pool of kernel scratch arrays (im2col columns, packed panels).</summary>
    public ScratchPool Scratch { get; } = new();

    public DeviceBuffer Allocate(int length) => _reference.Allocate(length);

    public long AllocatedBytes => Pool.LiveBytes;

    public void Synchronize()
    {
    }

    public void Dispose()
    {
        Scratch.Trim();
        _reference.Dispose();
    }

    public void Fill(float value, int count, DeviceBuffer output) => _reference.Fill(value, count, output);

    public void CopyBlocks(
        DeviceBuffer input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, DeviceBuffer output) =>
        _reference.CopyBlocks(input, blockCount, blockLength, inputStride, inputOffset, outputStride, outputOffset, output);

    public void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output)
    {
        if (!FastElementwise.HasFast(op))
        {
            _reference.Unary(op, input, count, alpha, beta, output);
            return;
        }
        FastElementwise.Unary(op, In(input, count), Out(output, count), count, alpha, beta, Threads);
    }

    public void UnaryBackward(
        UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput, int count, float alpha, float beta,
        DeviceBuffer dInput)
    {
        if (!FastElementwise.HasFastBackward(op))
        {
            _reference.UnaryBackward(op, input, output, dOutput, count, alpha, beta, dInput);
            return;
        }
        FastElementwise.UnaryBackward(op, In(input, count), In(output, count), In(dOutput, count), count, alpha, beta,
            Out(dInput, count), Threads);
    }

    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output)
    {
        ReferenceBackend<float>.CheckBroadcast(count, bLength, bInner);
        FastElementwise.Binary(op, In(a, count), In(b, bLength), count, bLength, bInner, Out(output, count), Threads);
    }

    public void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output) =>
        FastElementwise.AddScaled(In(a, count), In(b, count), count, scale, Out(output, count), Threads);

    public void Sum(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output) =>
        FastReduction.Sum(In(input, outer * middle * inner), outer, middle, inner, Out(output, outer * inner));

    public void SumToMiddle(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output) =>
        FastReduction.SumToMiddle(In(input, outer * middle * inner), outer, middle, inner, Out(output, middle), Threads);

    public void Gemm(
        DeviceBuffer a, DeviceBuffer b, int m, int n, int k, bool transposeA, bool transposeB, float alpha, float beta,
        DeviceBuffer c)
    {
        fixed (float* pa = In(a, m * k), pb = In(b, k * n), pc = Out(c, m * n))
        {
            Sgemm.Run(pa, pb, m, n, k, transposeA, transposeB, alpha, beta, pc, Threads, Scratch, Simd);
        }
    }

    public void Conv2dForward(DeviceBuffer input, DeviceBuffer weight, ConvGeometry g, DeviceBuffer output)
    {
        g.Validate();
        fixed (float* x = In(input, g.InputLength), w = In(weight, g.WeightLength), y = Out(output, g.OutputLength))
        {
            ConvGemm.Forward(x, w, g, y, Threads, Scratch, Simd, PhaseSplit);
        }
    }

    public void Conv2dBackwardData(DeviceBuffer dOutput, DeviceBuffer weight, ConvGeometry g, DeviceBuffer dInput)
    {
        g.Validate();
        fixed (float* dy = In(dOutput, g.OutputLength), w = In(weight, g.WeightLength), dx = Out(dInput, g.InputLength))
        {
            ConvGemm.BackwardData(dy, w, g, dx, Threads, Scratch, Simd, PhaseSplit);
        }
    }

    public void Conv2dBackwardWeight(DeviceBuffer input, DeviceBuffer dOutput, ConvGeometry g, DeviceBuffer dWeight)
    {
        g.Validate();
        fixed (float* x = In(input, g.InputLength), dy = In(dOutput, g.OutputLength), dw = Out(dWeight, g.WeightLength))
        {
            ConvGemm.BackwardWeight(x, dy, g, dw, Threads, Scratch, Simd, PhaseSplit);
        }
    }

    public void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar) =>
        FastBatchNorm.ForwardTrain(In(input, n * c * s), In(gamma, c), In(beta, c), n, c, s, eps, momentum,
            Out(output, n * c * s), Out(saveMean, c), Out(saveInvStd, c), Out(runningMean, c), Out(runningVar, c), Threads, Simd);

    public void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output) =>
        FastBatchNorm.ForwardEval(In(input, n * c * s), In(gamma, c), In(beta, c), In(runningMean, c), In(runningVar, c),
            n, c, s, eps, Out(output, n * c * s), Threads, Simd);

    public void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta) =>
        FastBatchNorm.Backward(In(input, n * c * s), In(gamma, c), In(saveMean, c), In(saveInvStd, c), In(dOutput, n * c * s),
            n, c, s, Out(dInput, n * c * s), Out(dGamma, c), Out(dBeta, c), Threads, Simd);

    // The activation rides in the batch norm's passes at every vector width and plane size (small planes by blocks of whole
    // images); the scalar level (the oracle's width) composes the two primitives.
    private bool FusesBatchNormLeakyRelu => Simd != SimdLevel.Scalar;

    public void BatchNormLeakyReluForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum, float slope,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar)
    {
        bool fused = FusesBatchNormLeakyRelu;
        FastBatchNorm.ForwardTrain(In(input, n * c * s), In(gamma, c), In(beta, c), n, c, s, eps, momentum,
            Out(output, n * c * s), Out(saveMean, c), Out(saveInvStd, c), Out(runningMean, c), Out(runningVar, c), Threads,
            Simd, fused ? slope : null);
        if (!fused)
        {
            Unary(UnaryOp.LeakyRelu, output, n * c * s, slope, 0f, output);
        }
    }

    public void BatchNormLeakyReluBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer saveMean, DeviceBuffer saveInvStd,
        DeviceBuffer output, DeviceBuffer dOutput, int n, int c, int s, float slope,
        DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        if (!FusesBatchNormLeakyRelu)
        {
            IBackend.ComposedBatchNormLeakyReluBackward(this, input, gamma, saveMean, saveInvStd, output, dOutput, n, c, s, slope, dInput, dGamma, dBeta);
            return;
        }
        FastBatchNorm.BackwardLeakyRelu(In(input, n * c * s), In(gamma, c), In(beta, c), In(saveMean, c), In(saveInvStd, c),
            In(dOutput, n * c * s), n, c, s, slope, Out(dInput, n * c * s), Out(dGamma, c), Out(dBeta, c), Threads, Simd);
    }

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output) =>
        _reference.Softmax(input, rows, cols, log, output);

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput) =>
        _reference.SoftmaxBackward(output, dOutput, rows, cols, log, dInput);

    public void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output) =>
        Out(output, 1)[0] = FastLoss.BceForward(In(prediction, count).AsSpan(0, count), In(target, count).AsSpan(0, count));

    public void BceBackward(
        DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput) =>
        FastLoss.BceBackward(In(prediction, count).AsSpan(0, count), In(target, count).AsSpan(0, count),
            In(dOutput, 1)[0] * scale, Out(dInput, count).AsSpan(0, count));

    public void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output) =>
        _reference.CrossEntropyForward(logits, target, rows, cols, output);

    public void CrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale, DeviceBuffer dInput) =>
        _reference.CrossEntropyBackward(logits, target, dOutput, rows, cols, scale, dInput);

    public void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output) =>
        _reference.RandomUniform(seed, offset, count, low, high, output);

    public void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output) =>
        _reference.RandomNormal(seed, offset, count, mean, std, output);

    public void Reparametrize(
        DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps) =>
        _reference.Reparametrize(mu, logVar, seed, offset, count, z, eps);

    public void ReparametrizeBackward(
        DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar) =>
        _reference.ReparametrizeBackward(logVar, eps, dZ, count, dMu, dLogVar);

    public void AdamStep(
        DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v) =>
        FastOptimizer.AdamStep(In(grad, count), count, lr, beta1, beta2, eps, weightDecay, step,
            Out(param, count), Out(m, count), Out(v, count), Threads, Simd);

    public void SgdStep(
        DeviceBuffer grad, int count, float lr, float momentum, float weightDecay, DeviceBuffer param, DeviceBuffer momentumBuffer) =>
        FastOptimizer.SgdStep(In(grad, count), count, lr, momentum, weightDecay, Out(param, count), Out(momentumBuffer, count),
            Threads);

    private static float[] In(DeviceBuffer buffer, int needed) => Out(buffer, needed);

    // The backing array of a float CPU buffer holding at least `needed` elements (it may be longer: pooled).
    private static float[] Out(DeviceBuffer buffer, int needed)
    {
        if (buffer is not CpuBuffer<float> cpu)
        {
            throw new ArgumentException(
                $"Buffer on {buffer.Device} ({buffer.GetType().Name}) passed to the float32 CPU backend; move the tensor first.");
        }
        if (cpu.Length < needed)
        {
            throw new ArgumentException($"Buffer has {cpu.Length} elements but the primitive needs {needed}.");
        }
        _ = cpu.Span;   // throws if disposed
        return cpu.Array;
    }
}
