// IlgpuBackend: the elementwise maps (Kernels/ElementwiseKernels.cs): unary ops and their gradients, broadcast binary ops,
// a + scale b; one grid-stride launch each.
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
    private Action<S, K, V, int, int, float, float, V> _unary = null!;
    private Action<S, K, V, V, V, int, int, float, float, V> _unaryBackward = null!;
    private Action<S, K, V, V, int, int, int, int, V> _binary = null!;
    private Action<S, K, V, V, int, float, V> _addScaled = null!;

    private void LoadElementwise()
    {
        var a = _accelerator;
        _unary = a.LoadKernel<V, int, int, float, float, V>(ElementwiseKernels.Unary);
        _unaryBackward = a.LoadKernel<V, V, V, int, int, float, float, V>(ElementwiseKernels.UnaryBackward);
        _binary = a.LoadKernel<V, V, int, int, int, int, V>(ElementwiseKernels.Binary);
        _addScaled = a.LoadKernel<V, V, int, float, V>(ElementwiseKernels.AddScaled);
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
}
