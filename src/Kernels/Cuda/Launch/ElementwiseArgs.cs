// Launch structs of elementwise.cu (count = element count).
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct UnaryForward(ulong input, int op, int count, float alpha, float beta, ulong output) : IKernelArgs
{
    public static string EntryPoint => "unary_forward";

    public static string Module => "elementwise";

    public readonly ulong Input = input;
    public readonly int Op = op;
    public readonly int Count = count;
    public readonly float Alpha = alpha;
    public readonly float Beta = beta;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct UnaryBackward(ulong input, ulong output, ulong dOutput, int op, int count, float alpha, float beta, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "unary_backward";

    public static string Module => "elementwise";

    public readonly ulong Input = input;
    public readonly ulong Output = output;
    public readonly ulong DOutput = dOutput;
    public readonly int Op = op;
    public readonly int Count = count;
    public readonly float Alpha = alpha;
    public readonly float Beta = beta;
    public readonly ulong DInput = dInput;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct BinaryForward(ulong a, ulong b, int op, int count, int bLength, int bInner, ulong output) : IKernelArgs
{
    public static string EntryPoint => "binary_forward";

    public static string Module => "elementwise";

    public readonly ulong A = a;
    public readonly ulong B = b;
    public readonly int Op = op;
    public readonly int Count = count;
    public readonly int BLength = bLength;
    public readonly int BInner = bInner;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct AddScaledForward(ulong a, ulong b, int count, float scale, ulong output) : IKernelArgs
{
    public static string EntryPoint => "add_scaled_forward";

    public static string Module => "elementwise";

    public readonly ulong A = a;
    public readonly ulong B = b;
    public readonly int Count = count;
    public readonly float Scale = scale;
    public readonly ulong Output = output;
}
