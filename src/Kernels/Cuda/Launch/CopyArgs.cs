// Launch structs of copy.cu.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct FillForward(float value, int count, ulong output) : IKernelArgs
{
    public static string EntryPoint => "fill_forward";

    public static string Module => "copy";

    public readonly float Value = value;
    public readonly int Count = count;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct CopyBlocksForward(ulong input, int blockCount, int blockLength, int inputStride, int inputOffset, int outputStride, int outputOffset, ulong output) : IKernelArgs
{
    public static string EntryPoint => "copy_blocks_forward";

    public static string Module => "copy";

    public readonly ulong Input = input;
    public readonly int BlockCount = blockCount;
    public readonly int BlockLength = blockLength;
    public readonly int InputStride = inputStride;
    public readonly int InputOffset = inputOffset;
    public readonly int OutputStride = outputStride;
    public readonly int OutputOffset = outputOffset;
    public readonly ulong Output = output;
}
