// IlgpuBackend: fused batch-norm forward (training and evaluation) and backward, one group per channel with
// deterministic reductions (Kernels/BatchNormKernels.cs).
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, V, V, V, int, int, int, float, float, V, V, V, V, V> _batchNormTrain = null!;
    private Action<S, K, V, V, V, V, V, int, int, int, float, V> _batchNormEval = null!;
    private Action<S, K, V, V, V, V, V, int, int, int, V, V, V> _batchNormBackward = null!;

    private void LoadBatchNorm()
    {
        var a = _accelerator;
        _batchNormTrain = a.LoadKernel<V, V, V, int, int, int, float, float, V, V, V, V, V>(BatchNormKernels.ForwardTrain);
        _batchNormEval = a.LoadKernel<V, V, V, V, V, int, int, int, float, V>(BatchNormKernels.ForwardEval);
        _batchNormBackward = a.LoadKernel<V, V, V, V, V, int, int, int, V, V, V>(BatchNormKernels.Backward);
    }

    public void BatchNormForwardTrain(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, int n, int c, int s, float eps, float momentum,
        DeviceBuffer output, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer runningMean, DeviceBuffer runningVar)
    {
        long total = (long)n * c * s;
        if (c <= 0) return;
        _batchNormTrain(_stream, PerChannel(c), In(input, total), In(gamma, c), In(beta, c), n, c, s, eps, momentum,
            Out(output, total), Out(saveMean, c), Out(saveInvStd, c), Out(runningMean, c), Out(runningVar, c));
    }

    public void BatchNormForwardEval(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer beta, DeviceBuffer runningMean, DeviceBuffer runningVar,
        int n, int c, int s, float eps, DeviceBuffer output)
    {
        long total = (long)n * c * s;
        if (total <= 0) return;
        _batchNormEval(_stream, Elementwise(total), In(input, total), In(gamma, c), In(beta, c), In(runningMean, c),
            In(runningVar, c), n, c, s, eps, Out(output, total));
    }

    public void BatchNormBackward(
        DeviceBuffer input, DeviceBuffer gamma, DeviceBuffer saveMean, DeviceBuffer saveInvStd, DeviceBuffer dOutput,
        int n, int c, int s, DeviceBuffer dInput, DeviceBuffer dGamma, DeviceBuffer dBeta)
    {
        long total = (long)n * c * s;
        if (c <= 0) return;
        _batchNormBackward(_stream, PerChannel(c), In(input, total), In(gamma, c), In(saveMean, c), In(saveInvStd, c),
            In(dOutput, total), n, c, s, Out(dInput, total), Out(dGamma, c), Out(dBeta, c));
    }

    /// <summary>One group per channel (grid-strided beyond _maxGroups).</summary>
    private K PerChannel(int c) => new(Math.Min(c, _maxGroups), _channelThreads);
}
