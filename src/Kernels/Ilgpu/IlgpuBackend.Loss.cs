// IlgpuBackend: the fused losses (Kernels/LossKernels.cs). Forward sums run in ONE group (a fixed-tree sum into
// output[0], reproducible); backward reads dOutput[0] on the device, so a step never waits for the host.
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, V, V, int, V> _bceForward = null!;
    private Action<S, K, V, V, V, int, float, V> _bceBackward = null!;
    private Action<S, K, V, V, int, int, V> _crossEntropyForward = null!;
    private Action<S, K, V, V, V, int, int, float, V> _crossEntropyBackward = null!;

    private void LoadLoss()
    {
        var a = _accelerator;
        _bceForward = a.LoadKernel<V, V, int, V>(LossKernels.BceForward);
        _bceBackward = a.LoadKernel<V, V, V, int, float, V>(LossKernels.BceBackward);
        _crossEntropyForward = a.LoadKernel<V, V, int, int, V>(LossKernels.CrossEntropyForward);
        _crossEntropyBackward = a.LoadKernel<V, V, V, int, int, float, V>(LossKernels.CrossEntropyBackward);
    }

    /// <summary>The single group of a forward loss sum.</summary>
    private K OneGroup => new(1, _sumThreads);

    /// <summary>One warp per row, grid-strided.</summary>
    private K WarpPerRow(int rows) =>
        new((int)Math.Clamp((rows * 32L + _threads - 1) / _threads, 1, _maxGroups), _threads);

    public void BceForward(DeviceBuffer prediction, DeviceBuffer target, int count, DeviceBuffer output)
    {
        CheckCount(count);
        _bceForward(_stream, OneGroup, In(prediction, count), In(target, count), count, Out(output, 1));
    }

    public void BceBackward(DeviceBuffer prediction, DeviceBuffer target, DeviceBuffer dOutput, int count, float scale, DeviceBuffer dInput)
    {
        CheckCount(count);
        if (count == 0) return;
        _bceBackward(_stream, Elementwise(count), In(prediction, count), In(target, count), In(dOutput, 1), count, scale, Out(dInput, count));
    }

    public void CrossEntropyForward(DeviceBuffer logits, DeviceBuffer target, int rows, int cols, DeviceBuffer output)
    {
        CheckCount(rows);
        CheckCount(cols);
        long total = (long)rows * cols;
        _crossEntropyForward(_stream, OneGroup, In(logits, total), In(target, total), rows, cols, Out(output, 1));
    }

    public void CrossEntropyBackward(
        DeviceBuffer logits, DeviceBuffer target, DeviceBuffer dOutput, int rows, int cols, float scale, DeviceBuffer dInput)
    {
        long total = (long)rows * cols;
        if (rows <= 0 || cols <= 0) return;
        _crossEntropyBackward(_stream, WarpPerRow(rows), In(logits, total), In(target, total), In(dOutput, 1), rows, cols, scale,
            Out(dInput, total));
    }

}
