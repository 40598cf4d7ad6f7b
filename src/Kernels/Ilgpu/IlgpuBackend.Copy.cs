// IlgpuBackend: fill and strided block copy (Kernels/CopyKernels.cs): one grid-stride launch each.
namespace Engine.Kernels.Ilgpu;

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

    private void LoadCopy()
    {
        var a = _accelerator;
        _fill = a.LoadKernel<float, int, V>(CopyKernels.Fill);
        _copyBlocks = a.LoadKernel<V, int, int, int, int, int, int, V>(CopyKernels.CopyBlocks);
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
}
