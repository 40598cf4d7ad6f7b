// IlgpuBackend: fill and block copy, elementwise maps, the two reductions, random fills and reparametrization,
// and the optimizer updates (Kernels/CopyKernels, ElementwiseKernels, ReductionKernels, RandomKernels, OptimizerKernels).
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Cpu.Reference;
using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, float, int, V> _fill = null!;
    private Action<S, K, V, int, int, int, int, int, int, V> _copyBlocks = null!;
    private Action<S, K, V, int, int, float, float, V> _unary = null!;
    private Action<S, K, V, V, V, int, int, float, float, V> _unaryBackward = null!;
    private Action<S, K, V, V, int, int, int, int, V> _binary = null!;
    private Action<S, K, V, V, int, float, V> _addScaled = null!;
    private Action<S, K, V, int, int, int, V> _sum = null!;
    private Action<S, K, V, int, int, int, V> _sumToMiddle = null!;
    private Action<S, K, ulong, ulong, int, float, float, V> _uniform = null!;
    private Action<S, K, ulong, ulong, int, float, float, V> _normal = null!;
    private Action<S, K, V, V, ulong, ulong, int, V, V> _reparametrize = null!;
    private Action<S, K, V, V, V, int, V, V> _reparametrizeBackward = null!;
    private Action<S, K, V, int, float, float, float, float, float, float, V, V, V> _adam = null!;
    private Action<S, K, V, int, float, float, float, V, V> _sgd = null!;

    private void LoadPointwise()
    {
        var a = _accelerator;
        _fill = a.LoadKernel<float, int, V>(CopyKernels.Fill);
        _copyBlocks = a.LoadKernel<V, int, int, int, int, int, int, V>(CopyKernels.CopyBlocks);
        _unary = a.LoadKernel<V, int, int, float, float, V>(ElementwiseKernels.Unary);
        _unaryBackward = a.LoadKernel<V, V, V, int, int, float, float, V>(ElementwiseKernels.UnaryBackward);
        _binary = a.LoadKernel<V, V, int, int, int, int, V>(ElementwiseKernels.Binary);
        _addScaled = a.LoadKernel<V, V, int, float, V>(ElementwiseKernels.AddScaled);
        _sum = a.LoadKernel<V, int, int, int, V>(ReductionKernels.Sum);
        _sumToMiddle = a.LoadKernel<V, int, int, int, V>(ReductionKernels.SumToMiddle);
        _uniform = a.LoadKernel<ulong, ulong, int, float, float, V>(RandomKernels.Uniform);
        _normal = a.LoadKernel<ulong, ulong, int, float, float, V>(RandomKernels.Normal);
        _reparametrize = a.LoadKernel<V, V, ulong, ulong, int, V, V>(RandomKernels.Reparametrize);
        _reparametrizeBackward = a.LoadKernel<V, V, V, int, V, V>(RandomKernels.ReparametrizeBackward);
        _adam = a.LoadKernel<V, int, float, float, float, float, float, float, V, V, V>(OptimizerKernels.Adam);
        _sgd = a.LoadKernel<V, int, float, float, float, V, V>(OptimizerKernels.Sgd);
    }

    public void Fill(float value, int count, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        _fill(_stream, Elementwise(count), value, count, Out(output, count));
    }

    public void CopyBlocks(
        DeviceBuffer input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, DeviceBuffer output)
    {
        if (blockCount <= 0 || blockLength <= 0) return;
        long inputNeeded = inputOffset + (long)(blockCount - 1) * inputStride + blockLength;
        long outputNeeded = outputOffset + (long)(blockCount - 1) * outputStride + blockLength;
        _copyBlocks(_stream, Elementwise((long)blockCount * blockLength), In(input, inputNeeded), blockCount, blockLength,
            inputStride, inputOffset, outputStride, outputOffset, Out(output, outputNeeded));
    }

    public void Unary(UnaryOp op, DeviceBuffer input, int count, float alpha, float beta, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        _unary(_stream, Elementwise(count), In(input, count), (int)op, count, alpha, beta, Out(output, count));
    }

    public void UnaryBackward(
        UnaryOp op, DeviceBuffer input, DeviceBuffer output, DeviceBuffer dOutput, int count, float alpha, float beta,
        DeviceBuffer dInput)
    {
        CheckCount(count);
        if (count == 0) return;
        _unaryBackward(_stream, Elementwise(count), In(input, count), In(output, count), In(dOutput, count), (int)op, count,
            alpha, beta, Out(dInput, count));
    }

    public void Binary(BinaryOp op, DeviceBuffer a, DeviceBuffer b, int count, int bLength, int bInner, DeviceBuffer output)
    {
        ReferenceBackend<float>.CheckBroadcast(count, bLength, bInner);
        if (count == 0) return;
        _binary(_stream, Elementwise(count), In(a, count), In(b, bLength), (int)op, count, bLength, bInner, Out(output, count));
    }

    public void AddScaled(DeviceBuffer a, DeviceBuffer b, int count, float scale, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        _addScaled(_stream, Elementwise(count), In(a, count), In(b, count), count, scale, Out(output, count));
    }

    public void Sum(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output)
    {
        long outputs = (long)outer * inner;
        if (outputs <= 0) return;
        _sum(_stream, Elementwise(outputs), In(input, outputs * middle), outer, middle, inner, Out(output, outputs));
    }

    public void SumToMiddle(DeviceBuffer input, int outer, int middle, int inner, DeviceBuffer output)
    {
        if (middle <= 0) return;
        var config = new K(Math.Min(middle, _maxGroups), _sumThreads);       // one group per output, fixed tree
        _sumToMiddle(_stream, config, In(input, (long)outer * middle * inner), outer, middle, inner, Out(output, middle));
    }

    public void RandomUniform(ulong seed, ulong offset, int count, float low, float high, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        _uniform(_stream, Elementwise(count), seed, offset, count, low, high, Out(output, count));
    }

    public void RandomNormal(ulong seed, ulong offset, int count, float mean, float std, DeviceBuffer output)
    {
        CheckCount(count);
        if (count == 0) return;
        _normal(_stream, Elementwise(count), seed, offset, count, mean, std, Out(output, count));
    }

    public void Reparametrize(DeviceBuffer mu, DeviceBuffer logVar, ulong seed, ulong offset, int count, DeviceBuffer z, DeviceBuffer eps)
    {
        CheckCount(count);
        if (count == 0) return;
        _reparametrize(_stream, Elementwise(count), In(mu, count), In(logVar, count), seed, offset, count, Out(z, count), Out(eps, count));
    }

    public void ReparametrizeBackward(DeviceBuffer logVar, DeviceBuffer eps, DeviceBuffer dZ, int count, DeviceBuffer dMu, DeviceBuffer dLogVar)
    {
        CheckCount(count);
        if (count == 0) return;
        _reparametrizeBackward(_stream, Elementwise(count), In(logVar, count), In(eps, count), In(dZ, count), count,
            Out(dMu, count), Out(dLogVar, count));
    }

    public void AdamStep(
        DeviceBuffer grad, int count, float lr, float beta1, float beta2, float eps, float weightDecay, int step,
        DeviceBuffer param, DeviceBuffer m, DeviceBuffer v)
    {
        CheckCount(count);
        if (count == 0) return;
        // the per-step scalars in float, exactly as the C# reference computes them
        float biasCorrection1 = 1.0f - MathF.Pow(beta1, step);
        float biasCorrection2 = 1.0f - MathF.Pow(beta2, step);
        float stepSize = lr / biasCorrection1;
        float sqrtBias2 = MathF.Sqrt(biasCorrection2);
        _adam(_stream, Elementwise(count), In(grad, count), count, beta1, beta2, eps, weightDecay, stepSize, sqrtBias2,
            Out(param, count), Out(m, count), Out(v, count));
    }

    public void SgdStep(
        DeviceBuffer grad, int count, float lr, float momentum, float weightDecay, DeviceBuffer param, DeviceBuffer momentumBuffer)
    {
        CheckCount(count);
        if (count == 0) return;
        _sgd(_stream, Elementwise(count), In(grad, count), count, lr, momentum, weightDecay, Out(param, count), Out(momentumBuffer, count));
    }
}
