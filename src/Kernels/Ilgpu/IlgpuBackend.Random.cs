// IlgpuBackend: the counter-based random fills and the VAE's reparametrization (Kernels/RandomKernels.cs): Philox, so every
// element's value depends on (seed, offset, index) alone, as on the CPU.
namespace Engine.Kernels.Ilgpu;

using Engine.Kernels.Ilgpu.Kernels;
using ILGPU;
using ILGPU.Runtime;
using K = ILGPU.KernelConfig;
using S = ILGPU.Runtime.AcceleratorStream;
using V = ILGPU.ArrayView<float>;

public sealed partial class IlgpuBackend
{
    private Action<S, K, ulong, ulong, int, float, float, V> _uniform = null!;
    private Action<S, K, ulong, ulong, int, float, float, V> _normal = null!;
    private Action<S, K, V, V, ulong, ulong, int, V, V> _reparametrize = null!;
    private Action<S, K, V, V, V, int, V, V> _reparametrizeBackward = null!;

    private void LoadRandom()
    {
        var a = _accelerator;
        _uniform = a.LoadKernel<ulong, ulong, int, float, float, V>(RandomKernels.Uniform);
        _normal = a.LoadKernel<ulong, ulong, int, float, float, V>(RandomKernels.Normal);
        _reparametrize = a.LoadKernel<V, V, ulong, ulong, int, V, V>(RandomKernels.Reparametrize);
        _reparametrizeBackward = a.LoadKernel<V, V, V, int, V, V>(RandomKernels.ReparametrizeBackward);
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
}
