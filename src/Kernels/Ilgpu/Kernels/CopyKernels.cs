// Fill and strided block copy (the primitive behind slice and concat). Reference: Cpu/Reference/ReferenceCopy.cs.
// Thread mapping: 1-D grid-stride loops, one element per thread per iteration; no shared memory.
namespace Engine.Kernels.Ilgpu.Kernels;

using ILGPU;

internal static class CopyKernels
{
    /// <summary>output[i] = value for i &lt; count.</summary>
    [Kernel]
    public static void Fill(float value, int count, ArrayView<float> output)
    {
        for (int i = Grid.GlobalIndex.X; i < count; i += Grid.DimX * Group.DimX)
        {
            output[i] = value;
        }
    }

    /// <summary>output[outputOffset + b * outputStride + j] = input[inputOffset + b * inputStride + j]; element e = b * blockLength + j.</summary>
    [Kernel]
    public static void CopyBlocks(
        ArrayView<float> input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, ArrayView<float> output)
    {
        long total = (long)blockCount * blockLength;
        for (long e = Grid.GlobalIndex.X; e < total; e += Grid.DimX * Group.DimX)
        {
            int b = (int)(e / blockLength), j = (int)(e % blockLength);
            output[outputOffset + (long)b * outputStride + j] = input[inputOffset + (long)b * inputStride + j];
        }
    }
}
