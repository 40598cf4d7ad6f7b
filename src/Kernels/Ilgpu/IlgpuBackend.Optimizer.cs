// IlgpuBackend: the optimizer updates (Kernels/OptimizerKernels.cs): Adam and SGD, one thread per parameter element, the
// per-step scalars computed on the host in float exactly as the reference does.
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, V, int, float, float, float, float, float, float, V, V, V> _adam = null!;
    private Action<S, K, V, int, float, float, float, V, V> _sgd = null!;

    private void LoadOptimizer()
    {
        var a = _accelerator;
        _adam = a.LoadKernel<V, int, float, float, float, float, float, float, V, V, V>(OptimizerKernels.Adam);
        _sgd = a.LoadKernel<V, int, float, float, float, V, V>(OptimizerKernels.Sgd);
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
