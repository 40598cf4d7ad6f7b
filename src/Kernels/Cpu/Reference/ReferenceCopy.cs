// Reference strided block copy: the primitive behind slice and concat.
namespace Engine.Kernels.Cpu.Reference;

public static class ReferenceCopy
{
    public static void Blocks<T>(
        ReadOnlySpan<T> input, int blockCount, int blockLength, int inputStride, int inputOffset,
        int outputStride, int outputOffset, Span<T> output)
    {
        for (int b = 0; b < blockCount; b++)
        {
            input.Slice(inputOffset + b * inputStride, blockLength)
                .CopyTo(output.Slice(outputOffset + b * outputStride, blockLength));
        }
    }
}
