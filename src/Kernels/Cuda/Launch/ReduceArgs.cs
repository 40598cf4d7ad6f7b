// Launch structs of reduce.cu: sums over a (outer, middle, inner) view.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SumForward(ulong input, int outer, int middle, int inner, ulong output) : IKernelArgs
{
    public static string EntryPoint => "sum_forward";

    public static string Module => "reduce";

    public readonly ulong Input = input;
    public readonly int Outer = outer;
    public readonly int Middle = middle;
    public readonly int Inner = inner;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct SumToMiddleForward(ulong input, int outer, int middle, int inner, ulong output) : IKernelArgs
{
    public static string EntryPoint => "sum_to_middle_forward";

    public static string Module => "reduce";

    public readonly ulong Input = input;
    public readonly int Outer = outer;
    public readonly int Middle = middle;
    public readonly int Inner = inner;
    public readonly ulong Output = output;
}
