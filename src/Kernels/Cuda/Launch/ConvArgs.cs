// Launch structs of conv.cu: input (N, C, H, W), weight (K, C, R, S), output (N, K, P, Q); see ConvGeometry.
// Each struct mirrors its extern "C" entry point field for field (ulong = device pointer unless named seed/offset);
// PtxSignatureTests checks count, sizes and order against the checked-in PTX.
namespace Engine.Kernels.Cuda.Launch;

using System.Runtime.InteropServices;
using Engine.Kernels.Cuda.Driver;

[StructLayout(LayoutKind.Sequential)]
internal readonly struct Conv2dForward(ulong input, ulong weight, int n, int c, int h, int w, int k, int r, int s, int strideH, int strideW, int padH, int padW, int p, int q, ulong output) : IKernelArgs
{
    public static string EntryPoint => "conv2d_forward";

    public static string Module => "conv";

    public readonly ulong Input = input;
    public readonly ulong Weight = weight;
    public readonly int N = n;
    public readonly int C = c;
    public readonly int H = h;
    public readonly int W = w;
    public readonly int K = k;
    public readonly int R = r;
    public readonly int S = s;
    public readonly int StrideH = strideH;
    public readonly int StrideW = strideW;
    public readonly int PadH = padH;
    public readonly int PadW = padW;
    public readonly int P = p;
    public readonly int Q = q;
    public readonly ulong Output = output;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct Conv2dBackwardData(ulong dOutput, ulong weight, int n, int c, int h, int w, int k, int r, int s, int strideH, int strideW, int padH, int padW, int p, int q, ulong dInput) : IKernelArgs
{
    public static string EntryPoint => "conv2d_backward_data";

    public static string Module => "conv";

    public readonly ulong DOutput = dOutput;
    public readonly ulong Weight = weight;
    public readonly int N = n;
    public readonly int C = c;
    public readonly int H = h;
    public readonly int W = w;
    public readonly int K = k;
    public readonly int R = r;
    public readonly int S = s;
    public readonly int StrideH = strideH;
    public readonly int StrideW = strideW;
    public readonly int PadH = padH;
    public readonly int PadW = padW;
    public readonly int P = p;
    public readonly int Q = q;
    public readonly ulong DInput = dInput;
}

[StructLayout(LayoutKind.Sequential)]
internal readonly struct Conv2dBackwardWeight(ulong input, ulong dOutput, int n, int c, int h, int w, int k, int r, int s, int strideH, int strideW, int padH, int padW, int p, int q, int splits, ulong dWeight) : IKernelArgs
{
    public static string EntryPoint => "conv2d_backward_weight";

    public static string Module => "conv";

    public readonly ulong Input = input;
    public readonly ulong DOutput = dOutput;
    public readonly int N = n;
    public readonly int C = c;
    public readonly int H = h;
    public readonly int W = w;
    public readonly int K = k;
    public readonly int R = r;
    public readonly int S = s;
    public readonly int StrideH = strideH;
    public readonly int StrideW = strideW;
    public readonly int PadH = padH;
    public readonly int PadW = padW;
    public readonly int P = p;
    public readonly int Q = q;
    public readonly int Splits = splits;
    public readonly ulong DWeight = dWeight;
}
