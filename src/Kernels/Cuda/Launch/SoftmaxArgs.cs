// Launch structs of softmax.cu: (rows, cols), logSoftmax is 0 or 1.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SoftmaxForward(ulong input, int rows, int cols, int logSoftmax, ulong output) : IKernelArgs
{
    public static string EntryPoint => "softmax_forward";

    public static string Module => "softmax";

    public readonly ulong Input = input;
    public readonly int Rows = rows;
    public readonly int Cols = cols;
    public readonly int LogSoftmax = logSoftmax;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SoftmaxBackward(ulong output, ulong dOutput, int rows, int cols, int logSoftmax, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "softmax_backward";

    public static string Module => "softmax";

    public readonly ulong Output = output;
    public readonly ulong DOutput = dOutput;
    public readonly int Rows = rows;
    public readonly int Cols = cols;
    public readonly int LogSoftmax = logSoftmax;
    public readonly ulong DInput = dInput;
}
