// IlgpuBackend: softmax and log-softmax forward and backward, one warp per row (Kernels/SoftmaxKernels.cs).
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, V, int, int, int, V> _softmax = null!;
    private Action<S, K, V, V, int, int, int, V> _softmaxBackward = null!;

    private void LoadSoftmax()
    {
        var a = _accelerator;
        _softmax = a.LoadKernel<V, int, int, int, V>(SoftmaxKernels.Forward);
        _softmaxBackward = a.LoadKernel<V, V, int, int, int, V>(SoftmaxKernels.Backward);
    }

    public void Softmax(DeviceBuffer input, int rows, int cols, bool log, DeviceBuffer output)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        _softmax(_stream, WarpPerRow(rows), In(input, total), rows, cols, log ? 1 : 0, Out(output, total));
    }

    public void SoftmaxBackward(DeviceBuffer output, DeviceBuffer dOutput, int rows, int cols, bool log, DeviceBuffer dInput)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        _softmaxBackward(_stream, WarpPerRow(rows), In(output, total), In(dOutput, total), rows, cols, log ? 1 : 0, Out(dInput, total));
    }
}
