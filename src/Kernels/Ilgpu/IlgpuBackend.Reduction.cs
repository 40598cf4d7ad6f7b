// IlgpuBackend: the two reductions (Kernels/ReductionKernels.cs): sums over the middle axis, and to the middle axis with one
// group per output (a fixed tree, so the result does not depend on the launch).
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, V, int, int, int, V> _sum = null!;
    private Action<S, K, V, int, int, int, V> _sumToMiddle = null!;

    private void LoadReduction()
    {
        var a = _accelerator;
        _sum = a.LoadKernel<V, int, int, int, V>(ReductionKernels.Sum);
        _sumToMiddle = a.LoadKernel<V, int, int, int, V>(ReductionKernels.SumToMiddle);
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
}
