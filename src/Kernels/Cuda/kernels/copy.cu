// Fill and strided block copy (the primitive behind slice and concat).
// Entry points:
//   fill_forward(value, count, output)                                output[i] = value
//   copy_blocks_forward(input, blockCount, blockLength, inputStride, inputOffset, outputStride, outputOffset, output)
//       output[outputOffset + b * outputStride + j] = input[inputOffset + b * inputStride + j], b < blockCount, j < blockLength
#include "common.cuh"

KERNEL void fill_forward(float value, int count, float* __restrict__ output)
{
    for (int i = global_index(); i < count; i += global_stride())
        output[i] = value;
}

KERNEL void copy_blocks_forward(const float* input, int blockCount, int blockLength, int inputStride, int inputOffset,
                                int outputStride, int outputOffset, float* output)
{
    long long total = (long long)blockCount * blockLength;
    for (long long e = global_index(); e < total; e += global_stride())
    {
        int b = (int)(e / blockLength), j = (int)(e % blockLength);
        output[(long long)outputOffset + (long long)b * outputStride + j] =
            input[(long long)inputOffset + (long long)b * inputStride + j];
    }
}
